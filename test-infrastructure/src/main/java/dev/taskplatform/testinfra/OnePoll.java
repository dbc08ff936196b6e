package dev.taskplatform.testinfra;

import java.time.Duration;

import org.springframework.kafka.listener.MessageListenerContainer;

import static org.awaitility.Awaitility.await;

/**
 * Makes records arrive in one poll of a batch listener: its container is paused while
 * they are produced, then resumed.
 */
public final class OnePoll {

	private OnePoll() {
	}

	/**
	 * Produces while the container is paused.
	 * @param container the listener's container
	 * @param produce sends the records
	 */
	public static void produce(MessageListenerContainer container, Runnable produce) {
		container.pause();
		try {
			await().atMost(Duration.ofSeconds(30)).until(container::isContainerPaused);
			produce.run();
		}
		finally {
			container.resume();
		}
	}

}
