package dev.taskplatform.reminder;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReminderServiceApplication {

	/**
	 * Not named {@code clock}: db-scheduler's auto-configuration defines a bean of that
	 * name (its own clock type), and bean definitions may not override each other.
	 */
	@Bean
	Clock systemClock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(ReminderServiceApplication.class, args);
	}

}
