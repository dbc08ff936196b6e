package dev.taskplatform.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.taskplatform.benchmarks.ProcessSampler.Sample;
import org.jspecify.annotations.Nullable;

import static dev.taskplatform.benchmarks.ReportFormat.f;

/**
 * The raw samples as CSV: a row a reading, its time, then CPU and memory per process and
 * each gauge; a value not read is left empty.
 */
final class SamplesCsv {

	private SamplesCsv() {
	}

	static String of(Samples samples) {
		List<String> cpu = new ArrayList<>(samples.processes());
		Set<String> gauges = new LinkedHashSet<>();
		samples.readings().forEach((sample) -> gauges.addAll(sample.gauges().keySet()));
		StringBuilder csv = new StringBuilder("time_s");
		cpu.forEach((name) -> csv.append(",cpu% ").append(name));
		cpu.forEach((name) -> csv.append(",MiB ").append(name));
		gauges.forEach((name) -> csv.append(',').append(name));
		csv.append('\n');
		for (Sample sample : samples.readings()) {
			csv.append(f("%.1f", sample.time()));
			cpu.forEach((name) -> csv.append(',').append(value(sample.cpu().get(name))));
			cpu.forEach((name) -> csv.append(',').append(value(sample.memory().get(name))));
			gauges.forEach((name) -> csv.append(',').append(value(sample.gauges().get(name))));
			csv.append('\n');
		}
		return csv.toString();
	}

	private static String value(@Nullable Double value) {
		return (value != null) ? f("%.1f", value) : "";
	}

}
