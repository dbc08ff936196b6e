import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A quick local check, not a benchmark: sends N sequential POST /tasks to a running
 * task-api and times, for each task, the HTTP round trip and the moment its task.created
 * record reaches a plain consumer. Prints p50/p99/max. With task-api running (e.g. the
 * README's run command, which prints the Kafka address):
 *
 * <pre>
 * CP=~/.m2/repository/org/apache/kafka/kafka-clients/4.1.2/kafka-clients-4.1.2.jar:\
 * ~/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
 * javac -cp $CP -d /tmp/probe docs/probes/PublishLatencyProbe.java
 * java -cp $CP:/tmp/probe PublishLatencyProbe localhost:KAFKA_PORT http://localhost:8080 1000
 * </pre>
 */
public class PublishLatencyProbe {

	public static void main(String[] args) throws Exception {
		String bootstrap = args[0];
		String api = args[1];
		int count = Integer.parseInt(args[2]);
		int warmup = 20;
		// a record may arrive before its 201 does: keep every arrival, match afterwards
		Map<String, Long> arrived = new ConcurrentHashMap<>();
		Properties properties = new Properties();
		properties.put("bootstrap.servers", bootstrap);
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor("task.created")
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		AtomicBoolean reading = new AtomicBoolean(true);
		Thread reader = new Thread(() -> {
			try (consumer) {
				while (reading.get()) {
					for (var record : consumer.poll(Duration.ofMillis(5))) {
						arrived.put(record.key(), System.nanoTime());
					}
				}
			}
		});
		reader.start();
		HttpClient http = HttpClient.newHttpClient();
		Map<String, long[]> requests = new LinkedHashMap<>();
		for (int i = 0; i < count + warmup; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/tasks"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"probe " + i + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			long end = System.nanoTime();
			int at = response.body().indexOf("\"id\":\"") + 6;
			if (i >= warmup) {
				requests.put(response.body().substring(at, at + 36), new long[] { start, end });
			}
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!arrived.keySet().containsAll(requests.keySet()) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		reading.set(false);
		reader.join();
		List<Long> roundTrips = new ArrayList<>();
		List<Long> postToRecord = new ArrayList<>();
		List<Long> answerToRecord = new ArrayList<>();
		requests.forEach((id, times) -> {
			roundTrips.add(times[1] - times[0]);
			Long at = arrived.get(id);
			if (at != null) {
				postToRecord.add(at - times[0]);
				answerToRecord.add(Math.max(0, at - times[1]));
			}
		});
		System.out.printf("records received: %d of %d%n", postToRecord.size(), requests.size());
		report("HTTP POST /tasks round trip", roundTrips);
		report("POST sent -> task.created consumed", postToRecord);
		report("201 received -> task.created consumed (0 if before)", answerToRecord);
	}

	private static void report(String name, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		System.out.printf("%s (n=%d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", name, sorted.size(),
				sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
				sorted.get(sorted.size() - 1) / 1e6);
	}

}
