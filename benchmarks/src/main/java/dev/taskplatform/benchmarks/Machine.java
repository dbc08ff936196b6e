package dev.taskplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the numbers came from: CPU, cores, memory, kernel, JDK. */
final class Machine {

	private Machine() {
	}

	static String describe() {
		String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
		long memoryKb = firstValue(Path.of("/proc/meminfo"), "MemTotal")
			.map((value) -> Long.parseLong(value.replace("kB", "").trim()))
			.orElse(0L);
		return String.format(Locale.ROOT, "Machine: %s, %d cores, %.0f GiB RAM, %s %s, JDK %s (%s).", cpu,
				Runtime.getRuntime().availableProcessors(), memoryKb / 1024.0 / 1024.0, System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("java.version"),
				System.getProperty("java.vm.name"));
	}

	private static java.util.Optional<String> firstValue(Path file, String key) {
		try (var lines = Files.lines(file)) {
			return lines.filter((line) -> line.startsWith(key))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return java.util.Optional.empty();
		}
	}

}
