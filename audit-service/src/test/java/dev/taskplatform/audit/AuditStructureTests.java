package dev.taskplatform.audit;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.taskplatform.testinfra.ServiceStructure;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * audit-service's layout: its features below the root package, every statement in
 * {@code AuditRepository}, and nothing published (it only consumes; its dead letters are
 * consumer-support's).
 */
class AuditStructureTests {

	private static final JavaClasses classes = ServiceStructure.classesOf(AuditServiceApplication.class);

	@Test
	void featurePackagesFormNoCycleAndLeaveTheRootToTheApplication() {
		ServiceStructure.verifyFeaturePackages(AuditServiceApplication.class, classes);
	}

	@Test
	void sqlLivesInTheRepository() {
		noClasses().that()
			.haveSimpleNameNotEndingWith("Repository")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(JdbcClient.class)
			.check(classes);
	}

	@Test
	void publishesNothing() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka.clients.producer..")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleName("KafkaTemplate")
			.check(classes);
	}

}
