package dev.taskplatform.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
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
 * instead of loading, verifying and parsing them again. A rebuilt jar (another SHA-256)
 * is extracted again and its archive made anew: the JVM checks an archive against the
 * class path's file times and sizes only, which a reproducible build keeps the same. The
 * nested jar of a Spring Boot fat jar cannot be archived, hence the extraction.
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
		// the jar's digest, written last: an extraction cut short, or
		// of another build, is done again (reproducible builds give
		// every jar the same timestamp, so the time cannot tell)
		Path complete = folder.resolve("extracted");
		try {
			String digest = digest(jar);
			if (!Files.isRegularFile(complete) || !Files.readString(complete).equals(digest)) {
				extract(java, jar, folder);
				Files.writeString(complete, digest);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not extract " + jar, ex);
		}
		return List.of("-XX:SharedArchiveFile=" + folder.resolve("app.jsa"), "-XX:+AutoCreateSharedArchive",
				"-Xshare:auto", "-jar", extracted.toString());
	}

	private static String digest(Path jar) throws IOException {
		try (InputStream in = Files.newInputStream(jar)) {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				sha256.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
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
