package dev.taskplatform.notification;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.taskplatform.testinfra.ServiceStructure;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * notification-service's layout: {@code delivery} records each event in the
 * {@code ledger} and delivers it; the ledger knows nothing of delivery, Kafka or the
 * receiver, and holds every statement.
 */
class NotificationStructureTests {

	private static final String ROOT = "dev.taskplatform.notification";

	private static final JavaClasses classes = ServiceStructure.classesOf(NotificationServiceApplication.class);

	@Test
	void featurePackagesFormNoCycleAndLeaveTheRootToTheApplication() {
		ServiceStructure.verifyFeaturePackages(NotificationServiceApplication.class, classes);
	}

	@Test
	void theLedgerKnowsNothingOfDelivery() {
		noClasses().that()
			.resideInAPackage(ROOT + ".ledger..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".delivery..", "org.springframework.kafka..", "org.apache.kafka..",
					"java.net.http..")
			.check(classes);
	}

	@Test
	void sqlLivesInTheLedger() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".ledger..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(JdbcClient.class)
			.because("delivery changes the ledger through NotificationRepository")
			.check(classes);
	}

}
