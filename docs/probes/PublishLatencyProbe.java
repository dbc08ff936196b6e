import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A quick local check, not a benchmark: sends N sequential POST /tasks to a running
 * task-api and times, for each task, the HTTP round trip and the moment its task.created
 * record reaches a plain consumer. Prints p50/p99/max. Run (JDK 21+, single-file source):
 *
 * <pre>
 * java -cp ~/.m2/repository/org/apache/kafka/kafka-clients/4.1.2/kafka-clients-4.1.2.jar:\
 * ~/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *   docs/probes/PublishLatencyProbe.java localhost:9092 http://localhost:8080 500
 * </pre>
 */
public class PublishLatencyProbe {

	public static void main(String[] args) throws Exception {
		String bootstrap = args[0];
		String api = args[1];
		int count = Integer.parseInt(args[2]);
		int warmup = 20;
		Map<String, Long> posted = new ConcurrentHashMap<>();
		Map<String, Long> answered = new ConcurrentHashMap<>();
		List<Long> postToRecord = Collections.synchronizedList(new ArrayList<>());
		List<Long> answerToRecord = Collections.synchronizedList(new ArrayList<>());
		Properties properties = new Properties();
		properties.put("bootstrap.servers", bootstrap);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor("task.created")
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			partitions.forEach(consumer::position);
			Thread reader = new Thread(() -> {
				while (postToRecord.size() < count) {
					for (var record : consumer.poll(Duration.ofMillis(5))) {
						long now = System.nanoTime();
						Long sent = posted.get(record.key());
						if (sent != null) {
							postToRecord.add(now - sent);
							answerToRecord.add(now - answered.get(record.key()));
						}
					}
				}
			});
			reader.start();
			HttpClient http = HttpClient.newHttpClient();
			List<Long> roundTrips = new ArrayList<>();
			for (int i = 0; i < count + warmup; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/tasks"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"probe " + i + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				long end = System.nanoTime();
				int at = response.body().indexOf("\"id\":\"") + 6;
				String id = response.body().substring(at, at + 36);
				if (i >= warmup) {
					answered.put(id, end);
					posted.put(id, start);
					roundTrips.add(end - start);
				}
			}
			reader.join(Duration.ofSeconds(30));
			report("HTTP POST /tasks round trip", roundTrips);
			report("POST sent -> task.created consumed", postToRecord);
			report("201 received -> task.created consumed", answerToRecord);
		}
	}

	private static void report(String name, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		System.out.printf("%s (n=%d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", name, sorted.size(),
				sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
				sorted.get(sorted.size() - 1) / 1e6);
	}

}
