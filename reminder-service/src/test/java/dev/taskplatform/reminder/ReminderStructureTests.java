package dev.taskplatform.reminder;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.taskplatform.testinfra.ServiceStructure;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * reminder-service's layout: its feature below the root package, its statements in
 * {@code ReminderRepository} and {@code ReminderSchedule} (db-scheduler's table), and one
 * publisher, {@code ReminderSender}, which marks a reminder SENT only after Kafka's
 * acknowledgement.
 */
class ReminderStructureTests {

	private static final JavaClasses classes = ServiceStructure.classesOf(ReminderServiceApplication.class);

	@Test
	void featurePackagesFormNoCycleAndLeaveTheRootToTheApplication() {
		ServiceStructure.verifyFeaturePackages(ReminderServiceApplication.class, classes);
	}

	@Test
	void sqlLivesInTheRepositoryAndTheSchedule() {
		noClasses().that()
			.doNotHaveSimpleName("ReminderRepository")
			.and()
			.doNotHaveSimpleName("ReminderSchedule")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(JdbcClient.class)
			.check(classes);
	}

	@Test
	void onlyTheSenderPublishes() {
		noClasses().that()
			.doNotHaveSimpleName("ReminderSender")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(KafkaOperations.class)
			.check(classes);
	}

}
