package dev.taskplatform.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskplatform.benchmarks.ProcessSampler.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@TempDir
	Path folder;

	@Test
	void judgesEachTargetOnWhatWasMeasured() throws Exception {
		PhaseResult closed = phase("64-connections", 64, 0, 5200, 48, 0, 0.5);
		PhaseResult open = phase("1000-per-second", 0, 1000, 1000, 20, 0, 0.25);
		CatchUpResult cold = new CatchUpResult(CatchUpResult.Kind.COLD, 100_000, 3, 200,
				Map.of("audit-service", new CatchUpResult.Consumer(100_000, 5, 25)));
		CatchUpResult warm = new CatchUpResult(CatchUpResult.Kind.WARM, 100_000, 2, 300,
				Map.of("audit-service", new CatchUpResult.Consumer(100_000, 1, 9), "reminder-service",
						new CatchUpResult.Consumer(100_000, 1, 21)));
		// alone: 50,000 events in 5 s
		CatchUpResult alone = new CatchUpResult(CatchUpResult.Kind.SOLO, 50_000, 1, 10,
				Map.of("audit-service", new CatchUpResult.Consumer(50_000, 0, 5)));
		List<Sample> samples = List.of(
				new Sample(10, Map.of("task-api", 90.0), Map.of("task-api", 300.0, "PostgreSQL", 100.0), Map.of()),
				new Sample(11, Map.of("task-api", 95.0), Map.of("task-api", 320.0, "PostgreSQL", 90.0), Map.of()));

		Path written = new Report(List.of(closed, open), List.of(cold, warm, alone), samples, "-Xmx256m",
				Duration.ofSeconds(20), Map.of("task-api", 42L), null)
			.write(this.folder);

		String markdown = Files.readString(written);
		assertThat(markdown).contains("| POST /tasks ≥ 5,000 requests/s at 64 connections | 5200 requests/s | yes |")
			.contains("| p99 ≤ 50 ms at 64 connections | 48 ms | yes |")
			.contains("| zero errors | 0 errors in all phases | yes |")
			// 250 ms is over the 100 ms target
			.contains("worst consumer 250 ms (throughput 1000 requests/s) | **no** |")
			// 100,000 events in the 20 s from the first commit to the last
			.contains("| audit-service catch-up (cold) ≥ 10,000 events/s | 5000 events/s | **no** |")
			// 100,000 events in 8 s
			.contains("| audit-service catch-up (warm) ≥ 10,000 events/s | 12500 events/s | yes |")
			.contains("| reminder-service catch-up (warm) ≥ 5,000 events/s | 5000 events/s | yes |")
			.contains("**Warm.**")
			.contains("**Alone.**")
			.contains("| audit-service | 10000 |")
			.contains("| the four services ≤ 1.2 GiB together | 320 MiB at peak | yes |")
			// 92.5 % of a core: 0.925 s of CPU a second for 5,200 and for 1,000 requests
			.contains("| task-api | 0.18 | 0.93 |");
		assertThat(this.folder.resolve("cpu.svg")).content().startsWith("<svg").contains("task-api");
		assertThat(this.folder.resolve("samples.csv")).content().startsWith("time_s,").contains("cpu% task-api");
	}

	@Test
	void aRunThatStoppedEarlySaysSo() throws Exception {
		Path written = new Report(List.of(), List.of(), List.of(), "-Xmx256m", Duration.ofSeconds(20), Map.of(),
				"java.lang.IllegalStateException: Gatling exited with 1")
			.write(this.folder);

		assertThat(Files.readString(written)).contains("The run stopped early")
			.contains("Gatling exited with 1")
			.contains("Not measured");
	}

	private static PhaseResult phase(String name, int connections, int rate, double throughput, double p99, long errors,
			double endToEndP99) {
		GatlingRun.Phase phase = new GatlingRun.Phase(name, connections, rate, Duration.ofSeconds(60));
		LoadResult load = new LoadResult(phase, (long) (throughput * 60), errors, throughput, 5, p99, p99 + 10,
				p99 + 20, Path.of("gatling", name));
		return new PhaseResult(load, 0, 60, 1,
				Map.of("audit-service", new EndToEndLatency(100, 0.01, endToEndP99, endToEndP99)));
	}

}
