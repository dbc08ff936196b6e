package dev.taskplatform.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * events-schema holds contracts only: the events, their topics, envelope and serde. No
 * Spring, and none of Kafka's admin or producer clients (topic provisioning is
 * kafka-topics', publishing each service's own).
 */
class EventsSchemaStructureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.taskplatform.events");

	@Test
	void holdsContractsOnly() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka.clients.admin..",
					"org.apache.kafka.clients.producer..")
			.check(classes);
	}

}
