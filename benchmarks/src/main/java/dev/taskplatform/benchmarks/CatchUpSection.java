package dev.taskplatform.benchmarks;

import java.util.List;

import static dev.taskplatform.benchmarks.ReportFormat.f;

/**
 * The report's consumer catch-up section: for the cold and the warm catch-up, each
 * consumer's lag, first and last commit and rate; for the consumers alone, each one's
 * rate and the CPU it, PostgreSQL and the broker spent per 1,000 events.
 *
 * @param catchUps the catch-ups, in the order they ran
 * @param samples the run's samples
 */
record CatchUpSection(List<CatchUpResult> catchUps, Samples samples) {

	void appendTo(StringBuilder md) {
		md.append("\n## Consumer catch-up\n\n");
		if (this.catchUps.isEmpty()) {
			md.append("Not measured (the run stopped before).\n");
		}
		this.catchUps.forEach((catchUp) -> catchUp(md, catchUp));
	}

	private void catchUp(StringBuilder md, CatchUpResult catchUp) {
		if (catchUp.kind() == CatchUpResult.Kind.SOLO) {
			solo(md, catchUp);
			return;
		}
		md.append((catchUp.kind() == CatchUpResult.Kind.WARM)
				? f("%n**Warm.** With the three consumers running and caught up, then suspended (SIGSTOP), %d "
						+ "task.created events were queued (in %.1f s); then the consumers were resumed together. "
						+ "Times are from their resumption.%n%n", catchUp.events(), catchUp.queueSeconds())
				: f("**Cold.** With the three consumers stopped, %d task.created events were queued (in %.1f s); then "
						+ "the consumers were started together. Times are from their launch (JVM start "
						+ "included).%n%n", catchUp.events(), catchUp.queueSeconds()));
		md.append("| consumer | records behind | first commit after s | all committed after s | events/s "
				+ "(first commit to the last) |\n|---|---:|---:|---:|---:|\n");
		catchUp.consumers()
			.forEach((consumer, result) -> md.append(f("| %s | %d | %.1f | %.1f | %.0f |%n", consumer, result.lag(),
					result.firstProgressSeconds(), result.doneSeconds(), result.eventsPerSecond())));
	}

	/**
	 * One consumer alone: its rate, and the CPU it and PostgreSQL spent per 1,000 events
	 * (mean share of a core over the window × its length ÷ events).
	 */
	private void solo(StringBuilder md, CatchUpResult catchUp) {
		boolean first = this.catchUps.stream()
			.filter((each) -> each.kind() == CatchUpResult.Kind.SOLO)
			.findFirst()
			.orElse(null) == catchUp;
		if (first) {
			md.append(f("%n**Alone.** All three suspended while %d task.created events were queued, then resumed one "
					+ "at a time, each once the one before had caught up (and idled): each consumer's own cost, and "
					+ "PostgreSQL's for it, per 1,000 events.%n%n", catchUp.events()));
			md.append("| consumer | events/s | consumer CPU ms per 1,000 events | PostgreSQL CPU ms per 1,000 events "
					+ "| broker CPU ms per 1,000 events |\n|---|---:|---:|---:|---:|\n");
		}
		catchUp.consumers()
			.forEach((consumer,
					result) -> md.append(f("| %s | %.0f | %.0f | %.0f | %.0f |%n", consumer, result.eventsPerSecond(),
							cpuPerThousand(consumer, catchUp), cpuPerThousand("PostgreSQL", catchUp),
							cpuPerThousand("Kafka broker (+ benchmark driver)", catchUp))));
	}

	/** % of a core is 10 ms of CPU per second. */
	private double cpuPerThousand(String process, CatchUpResult catchUp) {
		double seconds = catchUp.end() - catchUp.launched();
		long events = catchUp.consumers().values().stream().mapToLong(CatchUpResult.Consumer::lag).sum();
		double cpu = this.samples.meanCpu(process, catchUp.launched(), catchUp.end());
		return cpu * 10 * seconds / Math.max(1, events) * 1000;
	}

}
