package dev.taskplatform.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of a service's {@code /actuator/prometheus}: the series of the text format,
 * and the percentiles of a histogram between two scrapes.
 */
public record Prometheus(List<Series> series) {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	public static Prometheus scrape(String baseUrl) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(baseUrl + " answered " + response.statusCode() + " for its metrics");
			}
			return parse(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not scrape " + baseUrl, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	public static Prometheus parse(String text) {
		List<Series> series = new ArrayList<>();
		for (String line : text.split("\n")) {
			Matcher matcher = LINE.matcher(line);
			if (line.startsWith("#") || !matcher.find()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(3) != null) {
				Matcher label = LABEL.matcher(matcher.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			series.add(new Series(matcher.group(1), labels, number(matcher.group(4))));
		}
		return new Prometheus(List.copyOf(series));
	}

	/**
	 * Whether the scrape has the metric at all (a sum of nothing is 0, not "none").
	 * @param name the metric's name
	 * @return whether any series of it was scraped
	 */
	public boolean has(String name) {
		return this.series.stream().anyMatch((s) -> s.name().equals(name));
	}

	/**
	 * The sum of the matching series.
	 * @param name the metric name
	 * @param labels labels the series must have (others may differ)
	 * @return the sum, 0 when none match
	 */
	public double sum(String name, Map<String, String> labels) {
		return this.series.stream()
			.filter((s) -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Series::value)
			.sum();
	}

	/**
	 * Cumulative bucket counts of a histogram, by upper bound, summed over the matching
	 * series.
	 */
	public TreeMap<Double, Double> buckets(String histogram, Map<String, String> labels) {
		TreeMap<Double, Double> buckets = new TreeMap<>();
		this.series.stream()
			.filter((s) -> s.name().equals(histogram + "_bucket")
					&& s.labels().entrySet().containsAll(labels.entrySet()))
			.forEach((s) -> buckets.merge(number(s.labels().get("le")), s.value(), Double::sum));
		return buckets;
	}

	/**
	 * A quantile of what a histogram recorded between two scrapes, as the upper bound of
	 * the bucket it falls in (the value is at most this).
	 * @param before the earlier scrape
	 * @param after the later scrape
	 * @param histogram the histogram's name, without {@code _bucket}
	 * @param labels labels the series must have
	 * @param quantile e.g. 0.99
	 * @return the bound in the histogram's unit, or NaN when nothing was recorded
	 */
	public static double quantile(Prometheus before, Prometheus after, String histogram, Map<String, String> labels,
			double quantile) {
		TreeMap<Double, Double> earlier = before.buckets(histogram, labels);
		TreeMap<Double, Double> later = after.buckets(histogram, labels);
		double total = later.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
				- earlier.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
		if (total <= 0) {
			return Double.NaN;
		}
		for (Map.Entry<Double, Double> bucket : later.entrySet()) {
			double count = bucket.getValue() - earlier.getOrDefault(bucket.getKey(), 0.0);
			if (count >= quantile * total) {
				return bucket.getKey();
			}
		}
		return Double.POSITIVE_INFINITY;
	}

	/** Events counted between two scrapes. */
	public static double increase(Prometheus before, Prometheus after, String name, Map<String, String> labels) {
		return after.sum(name, labels) - before.sum(name, labels);
	}

	/** The text format writes infinities as {@code +Inf} / {@code -Inf}. */
	public static double number(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	record Series(String name, Map<String, String> labels, double value) {
	}

}
