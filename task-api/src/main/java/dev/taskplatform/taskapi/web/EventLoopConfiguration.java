package dev.taskplatform.taskapi.web;

import io.r2dbc.spi.Option;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One set of event-loop threads, one per core by default, for the HTTP server and the
 * database driver alike. Left alone, reactor-netty gives the server at least four and the
 * driver as many again: on two cores the extra threads cost context switches, and
 * task-api spent about 12 % more CPU per request with them (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class EventLoopConfiguration {

	/**
	 * r2dbc-postgresql's option for its event loops (the driver is a runtime dependency).
	 */
	private static final Option<LoopResources> DRIVER_LOOP_RESOURCES = Option.valueOf("loopResources");

	/**
	 * Disposed with the context, after the server and the connection pools have stopped.
	 */
	@Bean(destroyMethod = "dispose")
	LoopResources eventLoops(HttpProperties properties) {
		return LoopResources.create("task-api-io", properties.ioThreads(), true);
	}

	@Bean
	NettyServerCustomizer eventLoopsForTheServer(LoopResources eventLoops) {
		return (server) -> server.runOn(eventLoops);
	}

	@Bean
	ConnectionFactoryOptionsBuilderCustomizer eventLoopsForTheDatabase(LoopResources eventLoops) {
		return (options) -> options.option(DRIVER_LOOP_RESOURCES, eventLoops);
	}

}
