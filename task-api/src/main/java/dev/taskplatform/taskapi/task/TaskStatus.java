package dev.taskplatform.taskapi.task;

/**
 * Where a task stands.
 */
enum TaskStatus {

	OPEN, COMPLETED

}
