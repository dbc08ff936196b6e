package dev.taskplatform.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build describes the {@code consumer.*} settings for IDEs (the configuration
 * processor's {@code META-INF/spring-configuration-metadata.json}), each with the default
 * its record declares: the one place defaults live.
 */
class ConfigurationMetadataTests {

	@Test
	void describesEverySettingWithItsDefault() throws IOException {
		JsonNode consumer = metadataWith("consumer.retry.max-attempts");
		assertThat(property(consumer, "consumer.retry.max-attempts").path("defaultValue").asInt()).isEqualTo(5);
		assertThat(property(consumer, "consumer.retry.initial-interval").path("defaultValue").asString())
			.isEqualTo("200ms");
		assertThat(property(consumer, "consumer.retention.keep").path("description").asString()).contains("purged");
		assertThat(property(consumer, "consumer.topics.consumed").path("description").asString()).contains("consumes");
	}

	private static JsonNode metadataWith(String name) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				JsonNode metadata = json.readTree(in);
				if (property(metadata, name).isObject()) {
					return metadata;
				}
			}
		}
		throw new AssertionError("no configuration metadata describes " + name);
	}

	private static JsonNode property(JsonNode metadata, String name) {
		for (JsonNode property : metadata.path("properties")) {
			if (name.equals(property.path("name").asString())) {
				return property;
			}
		}
		return MissingNode.getInstance();
	}

}
