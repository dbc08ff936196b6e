package dev.taskplatform.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service from its jar extracted next to it ({@code target/cds/}, Spring Boot's
 * {@code -Djarmode=tools extract}) with a class data sharing archive: the classes of the
 * first run are dumped into {@code app.jsa} when it exits
 * ({@code -XX:+AutoCreateSharedArchive}, JDK 19+), and every later start maps them
 * instead of loading, verifying and parsing them again. A rebuilt jar is extracted again
 * and its archive made anew (the JVM checks the class path). The nested jar of a Spring
 * Boot fat jar cannot be archived, hence the extraction.
 */
final class ClassDataSharing {

	private static final Logger logger = LoggerFactory.getLogger(ClassDataSharing.class);

	private ClassDataSharing() {
	}

	/**
	 * The arguments that start the jar with class data sharing, after the JVM options.
	 * @param java the {@code java} command
	 * @param jar the service's fat jar
	 * @return {@code -XX:SharedArchiveFile=… -XX:+AutoCreateSharedArchive -jar <extracted>}
	 */
	static List<String> launch(String java, Path jar) {
		Path folder = jar.toAbsolutePath().getParent().resolve("cds");
		Path extracted = folder.resolve(jar.getFileName());
		// written last: an extraction cut short is done again
		Path complete = folder.resolve("extracted");
		try {
			if (!Files.isRegularFile(complete) || isOlder(complete, jar)) {
				extract(java, jar, folder);
				Files.writeString(complete, jar.toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not extract " + jar, ex);
		}
		return List.of("-XX:SharedArchiveFile=" + folder.resolve("app.jsa"), "-XX:+AutoCreateSharedArchive",
				"-Xshare:auto", "-jar", extracted.toString());
	}

	private static boolean isOlder(Path extracted, Path jar) throws IOException {
		FileTime built = Files.getLastModifiedTime(jar);
		return Files.getLastModifiedTime(extracted).compareTo(built) < 0;
	}

	private static void extract(String java, Path jar, Path folder) throws IOException {
		if (Files.exists(folder)) {
			try (Stream<Path> files = Files.walk(folder)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
		logger.info("Extracting {} to {} for class data sharing", jar.getFileName(), folder);
		Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", folder.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("could not extract " + jar + " (java -Djarmode=tools extract)");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while extracting " + jar, ex);
		}
	}

}
