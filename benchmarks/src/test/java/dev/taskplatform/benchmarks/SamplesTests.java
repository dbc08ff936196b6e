package dev.taskplatform.benchmarks;

import java.util.List;
import java.util.Map;

import dev.taskplatform.benchmarks.ProcessSampler.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplesTests {

	@Test
	void aProcessIsReadOverASpanOfTime() {
		Samples samples = new Samples(List.of(sample(10, 90, 300, 100), sample(11, 95, 320, 90), sample(20, 5, 2, 8)));

		assertThat(samples.meanCpu("task-api", 10, 11)).isEqualTo(92.5);
		assertThat(samples.maxMemory("task-api", 10, 11)).isEqualTo(320);
		assertThat(samples.meanCpu("task-api", 12, 19)).isNaN();
	}

	@Test
	void aPeakIsOfTheProcessesTogetherInOneReading() {
		Samples samples = new Samples(List.of(sample(10, 90, 300, 100), sample(11, 95, 320, 90)));

		assertThat(samples.peakMemory((process) -> true)).isEqualTo(410);
		assertThat(samples.peakMemory("PostgreSQL"::equals)).isEqualTo(100);
	}

	private static Sample sample(double time, double cpu, double taskApi, double postgres) {
		return new Sample(time, Map.of("task-api", cpu), Map.of("task-api", taskApi, "PostgreSQL", postgres), Map.of());
	}

}
