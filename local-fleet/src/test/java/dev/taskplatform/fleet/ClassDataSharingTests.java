package dev.taskplatform.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuilt jar is run rebuilt: reproducible builds give every jar the same file time, so
 * the extraction (and its class data archive) follow the jar's content.
 */
class ClassDataSharingTests {

	@TempDir
	Path folder;

	@Test
	void aJarWithOtherContentButTheSameTimeIsExtractedAgain() throws Exception {
		Path repository = FleetOptions.findRepository(Path.of("").toAbsolutePath());
		Path jar = this.folder.resolve("service.jar");
		Files.copy(Service.AUDIT.jar(repository, LocalFleet.VERSION), jar);
		String java = ProcessHandle.current().info().command().orElse("java");

		List<String> first = ClassDataSharing.launch(java, jar);
		Path extracted = Path.of(first.get(first.size() - 1));
		assertThat(extracted).isRegularFile();
		assertThat(this.folder.resolve("cds/lib")).isDirectory();
		Files.writeString(this.folder.resolve("cds/app.jsa"), "an archive of the first build");
		FileTime built = Files.getLastModifiedTime(jar);

		Files.copy(Service.REMINDER.jar(repository, LocalFleet.VERSION), jar, StandardCopyOption.REPLACE_EXISTING);
		Files.setLastModifiedTime(jar, built);
		ClassDataSharing.launch(java, jar);

		// the first build's archive is gone with its
		// extraction; the new one holds reminder-service
		assertThat(this.folder.resolve("cds/app.jsa")).doesNotExist();
		try (java.util.stream.Stream<Path> entries = Files.list(this.folder.resolve("cds/lib"))) {
			assertThat(entries.map((entry) -> entry.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("db-scheduler"));
		}
		List<String> again = ClassDataSharing.launch(java, jar);
		assertThat(again).contains("-XX:+AutoCreateSharedArchive", "-jar", extracted.toString());
	}

}
