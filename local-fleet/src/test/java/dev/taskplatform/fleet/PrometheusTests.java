package dev.taskplatform.fleet;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTests {

	private static final Map<String, String> CREATED = Map.of("type", "task.created");

	@Test
	void sumsTheSeriesWithTheGivenLabels() {
		Prometheus scrape = Prometheus.parse("""
				# HELP events_processed_total Events whose effect was committed
				# TYPE events_processed_total counter
				events_processed_total{application="audit-service",type="task.created"} 120.0
				events_processed_total{application="audit-service",type="task.completed"} 7.0
				outbox_backlog_rows 3.0
				""");

		assertThat(scrape.sum("events_processed_total", CREATED)).isEqualTo(120.0);
		assertThat(scrape.sum("events_processed_total", Map.of())).isEqualTo(127.0);
		assertThat(scrape.sum("outbox_backlog_rows", Map.of())).isEqualTo(3.0);
		assertThat(scrape.sum("no_such_metric", Map.of())).isZero();
	}

	@Test
	void quantilesComeFromTheBucketsRecordedBetweenTwoScrapes() {
		Prometheus before = histogram(10, 10, 10, 10);
		// 100 more: 90 up to 5 ms, 9 more up to 20 ms, 1 more up to 100 ms
		Prometheus after = histogram(100, 109, 110, 110);

		assertThat(Prometheus.quantile(before, after, "events_end_to_end_seconds", CREATED, 0.5)).isEqualTo(0.005);
		assertThat(Prometheus.quantile(before, after, "events_end_to_end_seconds", CREATED, 0.99)).isEqualTo(0.02);
		assertThat(Prometheus.quantile(before, after, "events_end_to_end_seconds", CREATED, 0.999)).isEqualTo(0.1);
		assertThat(Prometheus.increase(before, after, "events_end_to_end_seconds_count", CREATED)).isEqualTo(100);
	}

	@Test
	void nothingRecordedHasNoQuantile() {
		Prometheus same = histogram(10, 10, 10, 10);

		assertThat(Prometheus.quantile(same, same, "events_end_to_end_seconds", CREATED, 0.99)).isNaN();
	}

	@Test
	void readsInfinitiesAsTheTextFormatWritesThem() {
		assertThat(Prometheus.number("+Inf")).isInfinite().isPositive();
		assertThat(Prometheus.number("-Inf")).isInfinite().isNegative();
		assertThat(Prometheus.number("1.5E-4")).isEqualTo(0.00015);
	}

	private static Prometheus histogram(int upTo5ms, int upTo20ms, int upTo100ms, int all) {
		return Prometheus.parse("""
				events_end_to_end_seconds_bucket{type="task.created",le="0.005"} %d
				events_end_to_end_seconds_bucket{type="task.created",le="0.02"} %d
				events_end_to_end_seconds_bucket{type="task.created",le="0.1"} %d
				events_end_to_end_seconds_bucket{type="task.created",le="+Inf"} %d
				events_end_to_end_seconds_bucket{type="task.completed",le="+Inf"} 999
				events_end_to_end_seconds_count{type="task.created"} %d
				""".formatted(upTo5ms, upTo20ms, upTo100ms, all, all));
	}

}
