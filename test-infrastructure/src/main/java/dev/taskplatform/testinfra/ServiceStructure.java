package dev.taskplatform.testinfra;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout every service keeps (checked by its structure test, with the rules of its
 * own): the application class sits in the service's root package, each feature in a
 * package below it; the features form no cycle, and none of them reaches back to the root
 * package. A service's own test adds which feature may use which.
 */
public final class ServiceStructure {

	private ServiceStructure() {
	}

	/**
	 * The service's production classes (its tests left out).
	 * @param application the service's application class
	 * @return the classes of its root package and below
	 */
	public static JavaClasses classesOf(Class<?> application) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(application.getPackageName());
	}

	/**
	 * Checks the layout every service keeps.
	 * @param application the service's application class
	 * @param classes its classes ({@link #classesOf})
	 */
	public static void verifyFeaturePackages(Class<?> application, JavaClasses classes) {
		String root = application.getPackageName();
		classes().that()
			.resideInAPackage(root)
			.and()
			.doNotHaveSimpleName("package-info")
			.should()
			.be(application)
			.because("the root package holds the application class only, the code lives in feature packages")
			.check(classes);
		slices().matching(root + ".(*)..")
			.namingSlices("feature $1")
			.should()
			.beFreeOfCycles()
			.because("a feature that needs another one uses it, never the other way round too")
			.check(classes);
		noClasses().that()
			.resideInAPackage(root + ".*..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(root)
			.because("the features do not need the application class")
			.check(classes);
	}

}
