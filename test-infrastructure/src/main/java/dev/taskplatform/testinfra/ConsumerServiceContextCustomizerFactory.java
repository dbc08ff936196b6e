package dev.taskplatform.testinfra;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Customizes the context of every {@link ConsumerServiceTest} (registered by the
 * annotation's {@code @ContextCustomizerFactories}).
 */
class ConsumerServiceContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new ConsumerServiceContextCustomizer();
	}

}
