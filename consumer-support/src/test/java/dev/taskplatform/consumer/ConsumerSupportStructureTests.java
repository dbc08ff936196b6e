package dev.taskplatform.consumer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * consumer-support's layout: the auto-configuration wires the {@code deadletters}
 * endpoint, which stands on its own (it reads and redrives dead-letter topics with
 * factories it is given, and needs nothing else of this module).
 */
class ConsumerSupportStructureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.taskplatform.consumer");

	@Test
	void deadLettersNeedNothingElseOfTheModule() {
		noClasses().that()
			.resideInAPackage("dev.taskplatform.consumer.deadletters..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.taskplatform.consumer")
			.check(classes);
	}

}
