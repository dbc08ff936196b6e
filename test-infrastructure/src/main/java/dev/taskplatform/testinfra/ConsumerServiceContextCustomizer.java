package dev.taskplatform.testinfra;

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Points a consumer service's test context at the shared broker and at a database made
 * for that context when it is loaded, and adds the beans its test class injects. The
 * customizer holds no state, so every instance is equal: it adds nothing to the key
 * Spring's context cache finds a context by.
 */
final class ConsumerServiceContextCustomizer implements ContextCustomizer {

	/** The name of its property source, and the prefix of its beans' names. */
	static final String NAME = "consumerServiceTest";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		Map<String, Object> properties = SpringProperties.jdbc(database, KafkaServer.shared().bootstrapServers());
		MapPropertySource infrastructure = new MapPropertySource(NAME, properties);
		ConfigurableEnvironment environment = context.getEnvironment();
		addInfrastructure(environment.getPropertySources(), infrastructure);
		ServiceUnderTest service = new ServiceUnderTest(environment);
		AbstractBeanDefinition events = definition(EventProducer.class,
				() -> EventProducer.connect(service.bootstrapServers()));
		events.setDestroyMethodName("close");
		BeanDefinitionRegistry registry = registry(context);
		registry.registerBeanDefinition(NAME + ".database", definition(PostgresDatabase.class, () -> database));
		registry.registerBeanDefinition(NAME + ".service", definition(ServiceUnderTest.class, () -> service));
		registry.registerBeanDefinition(NAME + ".events", events);
	}

	/**
	 * After the test's inlined properties, so that those win, as the annotation promises;
	 * above everything else (application.yaml, the environment), as a
	 * {@code @DynamicPropertySource} would be.
	 */
	private static void addInfrastructure(MutablePropertySources sources, MapPropertySource infrastructure) {
		String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
		if (sources.contains(inlined)) {
			sources.addAfter(inlined, infrastructure);
		}
		else {
			sources.addFirst(infrastructure);
		}
	}

	private static <T> AbstractBeanDefinition definition(Class<T> type, Supplier<T> instance) {
		return BeanDefinitionBuilder.genericBeanDefinition(type, instance).getBeanDefinition();
	}

	private static BeanDefinitionRegistry registry(ConfigurableApplicationContext context) {
		if (context instanceof BeanDefinitionRegistry registry) {
			return registry;
		}
		if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
			return registry;
		}
		throw new IllegalStateException("cannot register beans in a " + context.getClass().getName());
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other != null) && (other.getClass() == getClass());
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
