package dev.taskplatform.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker (Resilience4j) around the receiver: once enough of the last attempts
 * found it unavailable (408, 429, 5xx, a timeout, no connection), no delivery is
 * attempted for a while; then a few probes go, and their outcome closes it again or keeps
 * it open. A waiting event keeps its partition paused and is neither failed nor
 * dead-lettered. An answer that refuses one request (400, 404, 410, 413, 422) shows the
 * receiver is up and counts as a success here.
 * <p>
 * It also remembers the last delivery the receiver took, so that an event whose attempts
 * are used up is failed only when the receiver took another delivery since the event's
 * last attempt came due (after its previous failed attempt): then it is this request the
 * receiver cannot take, not the receiver that is down. (Such an event may be one of the
 * probes that keep the breaker open for one more round; the next probes, without it,
 * close it.)
 */
final class ReceiverBreaker {

	private static final Logger logger = LoggerFactory.getLogger(ReceiverBreaker.class);

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final Duration openFor;

	private final Duration probeWait;

	private final AtomicReference<Instant> openUntil = new AtomicReference<>(Instant.MIN);

	private final AtomicReference<Instant> lastTaken = new AtomicReference<>(Instant.MIN);

	ReceiverBreaker(NotificationProperties.Breaker settings, Duration probeWait, Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.openFor = settings.openFor();
		this.probeWait = probeWait;
		this.breaker = CircuitBreaker.of("webhook",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(settings.window())
					.minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.window()))
					.failureRateThreshold(settings.failureRate())
					.waitDurationInOpenState(settings.openFor())
					.permittedNumberOfCallsInHalfOpenState(settings.probes())
					// probes are let through once open-for has passed, traffic or not, so
					// that the breaker does not stay open while nothing asks
					.automaticTransitionFromOpenToHalfOpenEnabled(true)
					.build());
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			CircuitBreaker.State to = event.getStateTransition().getToState();
			if (to == CircuitBreaker.State.OPEN) {
				this.openUntil.set(this.clock.instant().plus(this.openFor));
				logger.warn("The webhook receiver is unavailable: no delivery for {} ({})", this.openFor,
						event.getStateTransition());
			}
			else if (to == CircuitBreaker.State.CLOSED) {
				logger.info("The webhook receiver takes deliveries again ({})", event.getStateTransition());
			}
		});
		Gauge
			.builder("notification.webhook.breaker.open", this,
					(breaker) -> (breaker.breaker.getState() == CircuitBreaker.State.OPEN) ? 1 : 0)
			.description("1 while the webhook's circuit breaker is open (no delivery is attempted), else 0")
			.register(meters);
	}

	/**
	 * Asks to attempt a delivery.
	 * @return {@code null} when it may go (then exactly one of {@link #took},
	 * {@link #refused}, {@link #unavailable} or {@link #abandoned} must follow), else
	 * when to ask again
	 */
	@Nullable Instant permission() {
		if (this.breaker.tryAcquirePermission()) {
			return null;
		}
		Instant now = this.clock.instant();
		Instant until = this.openUntil.get();
		// open: until it lets probes through; probing: until the probes have answered
		// (just opened, openUntil may not be set yet: the thread asks again soon)
		return until.isAfter(now) ? until : now.plus(this.probeWait);
	}

	void took(Duration duration) {
		this.lastTaken.accumulateAndGet(this.clock.instant(), (left, right) -> left.isAfter(right) ? left : right);
		this.breaker.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
	}

	void refused(Duration duration) {
		this.breaker.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
	}

	void unavailable(Duration duration, String error) {
		this.breaker.onError(duration.toNanos(), TimeUnit.NANOSECONDS, new ReceiverUnavailable(error));
	}

	/** The attempt ended without an answer of the receiver's (e.g. interrupted). */
	void abandoned() {
		this.breaker.releasePermission();
	}

	/**
	 * When a delivery the receiver could not take may next be asked for, at the earliest.
	 * @return the end of the open state, or {@code null} when it is not open
	 */
	@Nullable Instant openUntil() {
		Instant until = this.openUntil.get();
		return (!isClosed() && until.isAfter(this.clock.instant())) ? until : null;
	}

	/**
	 * Whether the receiver took a delivery after the given time.
	 * @param time e.g. when an event's previous attempt failed
	 * @return {@code true} if so
	 */
	boolean tookOthersAfter(Instant time) {
		return this.lastTaken.get().isAfter(time);
	}

	boolean isClosed() {
		return this.breaker.getState() == CircuitBreaker.State.CLOSED;
	}

	/** What the breaker counts as a failure. */
	static final class ReceiverUnavailable extends RuntimeException {

		ReceiverUnavailable(String message) {
			super(message, null, false, false);
		}

	}

}
