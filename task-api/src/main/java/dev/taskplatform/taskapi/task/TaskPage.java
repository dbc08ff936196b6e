package dev.taskplatform.taskapi.task;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of tasks, newest first.
 *
 * @param items the tasks
 * @param nextCursor pass it as {@code cursor} to get the next page; {@code null} on the
 * last page
 */
record TaskPage(List<Task> items, @Nullable String nextCursor) {

}
