package dev.taskplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples, once a second, the CPU time and resident memory of each watched process (read
 * from Linux's {@code /proc}), and any number of gauges (e.g. the outbox backlog).
 * <p>
 * CPU is reported in percent of one core; memory is the resident set size, summed over
 * the process and its descendants where asked (PostgreSQL: the server and its backends,
 * counted by proportional share so that shared buffers are not counted once per backend).
 */
final class ProcessSampler implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProcessSampler.class);

	/** Linux reports CPU time in clock ticks of 1/100 s on every common architecture. */
	private static final double TICKS_PER_SECOND = 100;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "sampler");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<Long, Watched> watched = new ConcurrentHashMap<>();

	private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

	private final List<Sample> samples = new ArrayList<>();

	private final long began = System.nanoTime();

	private final Map<Long, Long> lastTicks = new ConcurrentHashMap<>();

	private long lastSampleNanos = this.began;

	ProcessSampler start() {
		this.timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
		return this;
	}

	/**
	 * Watches a process under a name; a name watched again (a restarted service) goes on
	 * as the same series.
	 */
	void watch(String name, long pid) {
		watch(name, pid, false);
	}

	void watch(String name, long pid, boolean withDescendants) {
		this.watched.put(pid, new Watched(name, pid, withDescendants));
	}

	void forget(long pid) {
		this.watched.remove(pid);
		this.lastTicks.remove(pid);
	}

	void gauge(String name, DoubleSupplier value) {
		this.gauges.put(name, value);
	}

	/** Seconds since the sampler was created: the time axis of every sample. */
	double now() {
		return (System.nanoTime() - this.began) / 1e9;
	}

	synchronized List<Sample> samples() {
		return List.copyOf(this.samples);
	}

	private void sample() {
		try {
			long nanos = System.nanoTime();
			double elapsed = (nanos - this.lastSampleNanos) / 1e9;
			this.lastSampleNanos = nanos;
			Map<String, Double> cpu = new LinkedHashMap<>();
			Map<String, Double> memory = new LinkedHashMap<>();
			for (Watched process : this.watched.values()) {
				List<Long> pids = process.pids();
				long ticks = pids.stream().mapToLong(ProcessSampler::cpuTicks).sum();
				Long previous = this.lastTicks.put(process.pid(), ticks);
				if (previous != null && ticks >= previous) {
					cpu.merge(process.name(), 100 * (ticks - previous) / TICKS_PER_SECOND / elapsed, Double::sum);
				}
				long kilobytes = process.withDescendants()
						? pids.stream().mapToLong((pid) -> memoryKilobytes(pid, "Pss:", "smaps_rollup")).sum()
						: memoryKilobytes(process.pid(), "VmRSS:", "status");
				memory.merge(process.name(), kilobytes / 1024.0, Double::sum);
			}
			Map<String, Double> gaugeValues = new LinkedHashMap<>();
			this.gauges.forEach((name, gauge) -> {
				try {
					gaugeValues.put(name, gauge.getAsDouble());
				}
				catch (RuntimeException ex) {
					// a service restarting answers nothing for a moment:
					// a gap in its series, not an error
				}
			});
			synchronized (this) {
				this.samples.add(new Sample(now(), cpu, memory, gaugeValues));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Sampling failed", ex);
		}
	}

	/** utime + stime of a process, in clock ticks; 0 once it is gone. */
	static long cpuTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name (field 2) may hold spaces: count fields after its ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	static long memoryKilobytes(long pid, String field, String file) {
		try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), file))) {
			return lines.filter((line) -> line.startsWith(field))
				.mapToLong((line) -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
				.findFirst()
				.orElse(0);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	record Watched(String name, long pid, boolean withDescendants) {

		List<Long> pids() {
			if (!this.withDescendants) {
				return List.of(this.pid);
			}
			List<Long> pids = new ArrayList<>();
			pids.add(this.pid);
			ProcessHandle.of(this.pid).ifPresent((handle) -> handle.descendants().forEach((d) -> pids.add(d.pid())));
			return pids;
		}

	}

	/**
	 * One second's readings.
	 *
	 * @param time seconds since the start
	 * @param cpu percent of one core per process
	 * @param memory MiB per process
	 * @param gauges gauge values
	 */
	record Sample(double time, Map<String, Double> cpu, Map<String, Double> memory, Map<String, Double> gauges) {
	}

}
