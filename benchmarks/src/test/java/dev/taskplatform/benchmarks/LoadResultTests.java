package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LoadResultTests {

	private static final GatlingRun.Phase PHASE = new GatlingRun.Phase("64-connections", 64, 0, Duration.ofSeconds(60));

	@Test
	void readsGatlingsClosingSummary() {
		String console = """
				---- Requests ------------------------------------------------|---Total---|-----OK----|----KO----
				> Global                                                     |     2,000 |     2,000 |         0

				---- Global Information --------------------------------------|---Total---|-----OK----|----KO----
				> request count                                               |    21,270 |    21,262 |         8
				> min response time (ms)                                      |         2 |         2 |        60,001
				> max response time (ms)                                      |     1,477 |     1,477 |        60,004
				> mean response time (ms)                                     |       608 |       608 |        60,002
				> response time std deviation (ms)                            |       201 |       201 |         1
				> response time 50th percentile (ms)                          |       563 |       563 |        60,002
				> response time 99th percentile (ms)                          |     1,168 |     1,168 |        60,004
				> response time 99.9th percentile (ms)                        |     1,364 |     1,364 |        60,004
				> response time 99.99th percentile (ms)                       |     1,477 |     1,477 |        60,004
				> mean throughput (rps)                                       |    354.50 |    354.37 |      0.13
				---- Response Time Distribution ---------------------------------------------------------------
				""";

		LoadResult result = LoadResult.read(Path.of("report"), PHASE, console);

		assertThat(result.requests()).isEqualTo(21_270);
		assertThat(result.errors()).isEqualTo(8);
		assertThat(result.throughput()).isEqualTo(354.50);
		assertThat(result.p50()).isEqualTo(563);
		assertThat(result.p99()).isEqualTo(1168);
		assertThat(result.p999()).isEqualTo(1364);
		assertThat(result.max()).isEqualTo(1477);
	}

	@Test
	void noErrorsIsADash() {
		String console = """
				---- Global Information --------------------------------------|---Total---|-----OK----|----KO----
				> request count                                               |       100 |       100 |         -
				> max response time (ms)                                      |         9 |         9 |         -
				> response time 50th percentile (ms)                          |         3 |         3 |         -
				> response time 99th percentile (ms)                          |         8 |         8 |         -
				> response time 99.9th percentile (ms)                        |         9 |         9 |         -
				> mean throughput (rps)                                       |     10.00 |     10.00 |         -
				""";

		assertThat(LoadResult.read(Path.of("report"), PHASE, console).errors()).isZero();
	}

	@Test
	void aRunWithoutSummaryIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> LoadResult.read(Path.of("report"), PHASE, "Run crashed"))
			.withMessageContaining("no summary");
	}

}
