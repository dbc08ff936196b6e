package dev.taskplatform.fleet;

import java.nio.file.Path;

/**
 * One deployable of the fleet.
 *
 * @param name the module and application name
 * @param database the database it owns
 * @param reactive whether it reaches PostgreSQL over R2DBC (task-api) or JDBC
 */
record Service(String name, String database, boolean reactive) {

	static final Service TASK_API = new Service("task-api", "task_api", true);

	static final Service NOTIFICATION = new Service("notification-service", "notification", false);

	static final Service AUDIT = new Service("audit-service", "audit", false);

	static final Service REMINDER = new Service("reminder-service", "reminder", false);

	/**
	 * The service's executable jar as the build leaves it.
	 * @param repository the repository's root folder
	 * @param version the project version
	 * @return the jar
	 */
	Path jar(Path repository, String version) {
		return repository.resolve(this.name).resolve("target").resolve(this.name + "-" + version + ".jar");
	}

}
