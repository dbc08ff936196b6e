package dev.taskplatform.testinfra;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A consumer service's integration test on a real Kafka broker and a real PostgreSQL: the
 * service starts on random ports with a database of its own, and the test class can
 * {@code @Autowired} what it needs: a {@link ServiceUnderTest} (clients on the service's
 * API and management ports), an {@link EventProducer} (task events exactly as task-api
 * sends them, closed with the context) and the {@link PostgresDatabase} made for it. A
 * new test needs no more than: <pre class="code">
 * &#64;ConsumerServiceTest(properties = "reminder.lead=PT2S")
 * class ReminderLeadIntegrationTests {
 *     &#64;Autowired EventProducer events;     // events.send(new TaskCreated(...))
 *     &#64;Autowired ServiceUnderTest service; // service.api().get().uri("/reminders")
 *     // &#64;Test methods: send events, then await() what the service answers
 * }</pre>
 * <p>
 * The fixture sets the service's {@code spring.datasource.*} to a new database on the
 * shared {@link PostgresServer} and its {@code spring.kafka.bootstrap-servers} to the
 * shared {@link KafkaServer}, as an operator would; the test's own {@link #properties()}
 * win over them. A value only known at runtime (a receiver's port, say) goes in the
 * class's own {@code @DynamicPropertySource}, beside this annotation.
 * <p>
 * The context is closed after the class ({@code @DirtiesContext}) rather than cached: a
 * context left running would go on consuming in the service's consumer group, on another
 * database, and take some of the next class's records.
 * <p>
 * Behaviour every consumer shares (bad queries, probes, consumer group, dead letters,
 * metrics) is written once, in {@link ConsumerServiceContract}, which one test class per
 * service implements.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ContextCustomizerFactories(ConsumerServiceContextCustomizerFactory.class)
public @interface ConsumerServiceTest {

	/**
	 * Properties for the service, {@code name=value}, which win over its application.yaml
	 * and the fixture's.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * How the service is started: on random ports by default, {@code NONE} for a test of
	 * its beans without a web server ({@link ServiceUnderTest} then has no ports).
	 * @return the web environment
	 */
	@AliasFor(annotation = SpringBootTest.class)
	SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.RANDOM_PORT;

}
