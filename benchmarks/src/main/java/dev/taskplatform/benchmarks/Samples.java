package dev.taskplatform.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.taskplatform.benchmarks.ProcessSampler.Sample;

/**
 * The sampler's readings over a run, and what the report reads from them: a process's
 * mean CPU and highest memory over a span of time, a gauge's highest value, the memory of
 * several processes together at their peak, and each reading as a series for a chart.
 *
 * @param readings one a second, in time order
 */
record Samples(List<Sample> readings) {

	/** Every process with a memory reading, in the order first read. */
	Set<String> processes() {
		Set<String> names = new LinkedHashSet<>();
		this.readings.forEach((sample) -> names.addAll(sample.memory().keySet()));
		return names;
	}

	/**
	 * One series per name in the values taken from each reading.
	 * @param values what to take from a reading: its CPU, memory or gauges
	 * @return name to points (time in seconds, value)
	 */
	Map<String, List<double[]>> series(Function<Sample, Map<String, Double>> values) {
		Map<String, List<double[]>> series = new LinkedHashMap<>();
		for (Sample sample : this.readings) {
			values.apply(sample)
				.forEach((name, value) -> series.computeIfAbsent(name, (key) -> new ArrayList<>())
					.add(new double[] { sample.time(), value }));
		}
		return series;
	}

	/** Mean % of one core from start to end (seconds); NaN when the process had none. */
	double meanCpu(String process, double start, double end) {
		return between(start, end).filter((sample) -> sample.cpu().containsKey(process))
			.mapToDouble((sample) -> sample.cpu().get(process))
			.average()
			.orElse(Double.NaN);
	}

	/** Highest resident set in MiB from start to end (seconds); NaN with no readings. */
	double maxMemory(String process, double start, double end) {
		return between(start, end).mapToDouble((sample) -> sample.memory().getOrDefault(process, 0.0))
			.max()
			.orElse(Double.NaN);
	}

	/** Highest value of a gauge from start to end (seconds); NaN when no readings. */
	double gaugeMax(String gauge, double start, double end) {
		return between(start, end).mapToDouble((sample) -> sample.gauges().getOrDefault(gauge, 0.0))
			.max()
			.orElse(Double.NaN);
	}

	/** Highest sum of the included processes' memory in one reading, MiB; 0 if none. */
	double peakMemory(Predicate<String> included) {
		return this.readings.stream()
			.mapToDouble((sample) -> sample.memory()
				.entrySet()
				.stream()
				.filter((entry) -> included.test(entry.getKey()))
				.mapToDouble(Map.Entry::getValue)
				.sum())
			.max()
			.orElse(0);
	}

	private Stream<Sample> between(double start, double end) {
		return this.readings.stream().filter((sample) -> sample.time() >= start && sample.time() <= end);
	}

}
