package dev.taskplatform.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Gives every consumer service the settings they share (Kafka serdes and commit mode,
 * health groups, problem details, graceful shutdown) as defaults of the lowest
 * precedence: a service's own application.yaml, the environment and the command line all
 * win. One place instead of a copy in each service.
 */
class ConsumerDefaults implements EnvironmentPostProcessor {

	private static final String DEFAULTS = "dev/taskplatform/consumer/consumer-defaults.yaml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("consumer-defaults",
					new ClassPathResource(DEFAULTS, ConsumerDefaults.class.getClassLoader()))) {
				environment.getPropertySources().addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read " + DEFAULTS, ex);
		}
	}

}
