package dev.taskplatform.taskapi.outbox;

import dev.taskplatform.taskapi.MigratedDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.taskplatform.taskapi.publishing.EventPublisher;
import dev.taskplatform.taskapi.publishing.OutgoingRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's state machine on real PostgreSQL, with a publisher the test controls in
 * place of Kafka (the Kafka side is covered by the integration tests): what it sends
 * when, what it parks, and where its mark goes.
 */
class RelayTermTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Scheduler thread = Schedulers.newSingle("relay-term-test");

	private final ScriptedPublisher publisher = new ScriptedPublisher();

	private DatabaseClient database;

	private OutboxRepository outbox;

	private RelayTerm term;

	private Disposable running;

	@BeforeEach
	void createOutbox() {
		this.database = MigratedDatabase.create().client();
		this.outbox = new OutboxRepository(this.database, this.json);
	}

	@AfterEach
	void stop() {
		if (this.running != null) {
			this.running.dispose();
		}
		this.thread.dispose();
	}

	@Test
	void aRowWaitingForItsKeyDoesNotHoldUpTheRowsOfOtherKeys() {
		append("task-a", "a-created");
		append("task-a", "a-completed");
		append("task-b", "b-created");
		// a-created's flight stays in the air until the test lets it land
		Sinks.Empty<Void> aLands = Sinks.empty();
		this.publisher.holdWhile((record) -> record.key().equals("task-a") && value(record).equals("a-created"),
				aLands);
		start(properties(Duration.ofMinutes(2)));

		// b-created goes past a-completed, which waits for a-created's acknowledgement
		await().atMost(Duration.ofSeconds(10)).until(() -> this.publisher.sent().contains("b-created"));
		assertThat(this.publisher.sent()).doesNotContain("a-completed");

		aLands.tryEmitEmpty();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.publisher.acknowledged().contains("a-completed"));
		assertThat(this.publisher.acknowledged()).containsSubsequence("a-created", "a-completed");
		await().atMost(Duration.ofSeconds(10)).until(() -> storedMarkIsAtTheLastRow());
	}

	@Test
	void aRowRefusedWhileOthersAreAcknowledgedIsParkedAndTheOthersArePublished() {
		append("stuck", "refused");
		append("task-a", "a-created");
		this.publisher.refuse((record) -> value(record).equals("refused"));
		start(properties(Duration.ofMillis(300)));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.publisher.acknowledged().contains("a-created"));
		// the refused row keeps its place until it is parked; others keep coming
		append("task-b", "b-created");
		await().atMost(Duration.ofSeconds(15)).until(() -> parked().contains("stuck"));
		await().atMost(Duration.ofSeconds(10)).until(() -> storedMarkIsAtTheLastRow());
		assertThat(this.publisher.acknowledged()).contains("a-created", "b-created").doesNotContain("refused");
	}

	@Test
	void anOutageParksNothingAndLosesNothing() {
		append("task-a", "a-created");
		append("task-b", "b-created");
		this.publisher.refuse((record) -> true);
		start(properties(Duration.ofMillis(300)));

		// longer than park-after, every record refused: an outage, not a record's fault
		await().atMost(Duration.ofSeconds(10)).until(() -> this.publisher.refusals() >= 6);
		this.publisher.refuse((record) -> false);

		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.publisher.acknowledged().containsAll(List.of("a-created", "b-created")));
		await().atMost(Duration.ofSeconds(10)).until(() -> storedMarkIsAtTheLastRow());
		assertThat(parked()).isEmpty();
	}

	private void start(OutboxProperties properties) {
		RelayTerm.Counters counters = new RelayTerm.Counters(Counter.builder("published").register(this.meters),
				Counter.builder("failures").register(this.meters), Counter.builder("parked").register(this.meters),
				Timer.builder("latency").register(this.meters));
		this.term = new RelayTerm(this.outbox, this.publisher, new OutboxSignal(), properties, this.thread, counters,
				OutboxPosition.START);
		this.running = this.term.run().subscribe();
	}

	private static OutboxProperties properties(Duration parkAfter) {
		return new OutboxProperties("/task-api", 256, 4, Duration.ofMillis(50), Duration.ofMillis(200), parkAfter,
				Duration.ofMinutes(1), Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1), 1);
	}

	private void append(String key, String value) {
		this.database.sql("INSERT INTO " + OutboxWriter.TABLE + " VALUES ('task.created', :key, '{}', :payload)")
			.bind("key", key)
			.bind("payload", value.getBytes())
			.then()
			.block(Duration.ofSeconds(5));
	}

	private boolean storedMarkIsAtTheLastRow() {
		OutboxPosition last = this.database.sql("SELECT xid, id FROM outbox_events ORDER BY xid DESC, id DESC LIMIT 1")
			.map((row) -> new OutboxPosition(row.get("xid", Long.class), row.get("id", Long.class)))
			.one()
			.block(Duration.ofSeconds(5));
		return this.outbox.mark().block(Duration.ofSeconds(5)).equals(last);
	}

	private List<String> parked() {
		return this.database.sql("SELECT message_key FROM outbox_parked")
			.map((row) -> row.get("message_key", String.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(5));
	}

	private static String value(OutgoingRecord record) {
		return new String(record.value());
	}

	/** Acknowledges, refuses or holds records as the test says. */
	private static final class ScriptedPublisher implements EventPublisher {

		private final List<String> sent = new CopyOnWriteArrayList<>();

		private final List<String> acknowledged = new CopyOnWriteArrayList<>();

		private volatile Predicate<OutgoingRecord> refused = (record) -> false;

		private volatile Predicate<OutgoingRecord> held = (record) -> false;

		private volatile Mono<Void> landing = Mono.empty();

		private volatile int refusals;

		void refuse(Predicate<OutgoingRecord> refused) {
			this.refused = refused;
		}

		void holdWhile(Predicate<OutgoingRecord> held, Sinks.Empty<Void> until) {
			this.held = held;
			this.landing = until.asMono();
		}

		List<String> sent() {
			return this.sent;
		}

		List<String> acknowledged() {
			return this.acknowledged;
		}

		int refusals() {
			return this.refusals;
		}

		@Override
		public Mono<Outcome> publish(List<OutgoingRecord> records) {
			records.forEach((record) -> this.sent.add(value(record)));
			boolean hold = records.stream().anyMatch(this.held);
			return (hold ? this.landing : Mono.<Void>empty()).then(Mono.fromSupplier(() -> outcome(records)));
		}

		private Outcome outcome(List<OutgoingRecord> records) {
			List<Integer> acknowledged = new ArrayList<>();
			Map<Integer, Exception> failed = new TreeMap<>();
			for (int i = 0; i < records.size(); i++) {
				OutgoingRecord record = records.get(i);
				if (this.refused.test(record)) {
					this.refusals++;
					failed.put(i, new IllegalStateException("refused by the test"));
				}
				else {
					this.acknowledged.add(value(record));
					acknowledged.add(i);
				}
			}
			return new Outcome(acknowledged, failed);
		}

	}

}
