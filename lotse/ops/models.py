from django.db import models


class WorkerHeartbeat(models.Model):
    """A running `lotse db-worker` process, as last reported by itself (every few seconds, from its own thread).

    The health check counts workers seen recently and finds tasks left RUNNING by a worker that has gone silent.
    A worker that stops cleanly removes its row; rows of vanished workers are pruned after a day.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)
    running_task = models.CharField(max_length=255, blank=True)  # task path, not its arguments
    running_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
