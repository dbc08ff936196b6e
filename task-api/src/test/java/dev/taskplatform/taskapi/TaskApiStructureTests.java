package dev.taskplatform.taskapi;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.taskplatform.testinfra.ServiceStructure;
import org.junit.jupiter.api.Test;

import org.springframework.r2dbc.core.DatabaseClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Which of task-api's packages may use which: {@code task} writes through the outbox and
 * never talks to Kafka; {@code outbox} publishes through {@code publishing}, the only
 * package that knows the producer (the {@code EventPublisher} seam); {@code web} knows no
 * feature.
 */
class TaskApiStructureTests {

	private static final String ROOT = "dev.taskplatform.taskapi";

	private static final JavaClasses classes = ServiceStructure.classesOf(TaskApiApplication.class);

	@Test
	void featurePackagesFormNoCycleAndLeaveTheRootToTheApplication() {
		ServiceStructure.verifyFeaturePackages(TaskApiApplication.class, classes);
	}

	@Test
	void onlyPublishingKnowsTheKafkaProducer() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".publishing..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("reactor.kafka..", "org.apache.kafka.clients.producer..")
			.because("the producer library stays behind the EventPublisher seam")
			.check(classes);
	}

	@Test
	void tasksReachKafkaOnlyThroughTheOutbox() {
		noClasses().that()
			.resideInAPackage(ROOT + ".task..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".publishing..")
			.because("an event exists if and only if its change does: it is written to the outbox with it")
			.check(classes);
	}

	@Test
	void theOutboxAndPublishingKnowNoTask() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".outbox..", ROOT + ".publishing..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".task..", ROOT + ".web..")
			.check(classes);
		noClasses().that()
			.resideInAPackage(ROOT + ".publishing..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".outbox..")
			.check(classes);
	}

	@Test
	void webKnowsNoFeature() {
		noClasses().that()
			.resideInAPackage(ROOT + ".web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".task..", ROOT + ".outbox..", ROOT + ".publishing..")
			.check(classes);
	}

	@Test
	void sqlLivesInRepositoriesAndTheRelaysOwnSession() {
		noClasses().that()
			.haveSimpleNameNotEndingWith("Repository")
			.and()
			.doNotHaveSimpleName("RelayConnections")
			.and()
			.doNotHaveSimpleName("RelayLock")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(DatabaseClient.class)
			.because("a newcomer finds every statement in TaskRepository, OutboxRepository and the relay lock")
			.check(classes);
	}

}
