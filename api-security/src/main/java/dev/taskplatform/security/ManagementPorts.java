package dev.taskplatform.security;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;

/**
 * Where the actuator answers: only on a port of its own are all its endpoints open
 * (metrics, info); on the API's port only its health is.
 */
public final class ManagementPorts {

	private ManagementPorts() {
	}

	/**
	 * Whether the actuator has a port of its own ({@code management.server.port} set and
	 * not the API's).
	 * @param environment the application's environment
	 * @return {@code true} for a port of its own
	 */
	public static boolean ownPort(Environment environment) {
		return ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
	}

}
