// Helpdesk reports: the charts above the tables, drawn by Chart.js (static/vendor, from npm)
// from the data the page passes with json_script. The tables under them hold the same figures.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14"];
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }
  // One bar series per name: [values, ...] in the palette's order.
  function series(names, values, palette) {
    return values.map(function (row, n) {
      return { label: names[n], data: row, backgroundColor: palette[n] };
    });
  }
  draw("chart-volume", {
    type: "bar",
    data: {
      labels: data.volume.labels,
      datasets: series(data.volume.names, [data.volume.raised, data.volume.resolved], colours),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  draw("chart-channels", {
    type: "doughnut",
    data: {
      labels: data.channels.labels,
      datasets: [{ data: data.channels.values, backgroundColor: colours }],
    },
  });
  draw("chart-backlog", {
    type: "bar",
    data: {
      labels: data.backlog.labels,
      datasets: [{ label: data.backlog.name, data: data.backlog.values, backgroundColor: colours[2] }],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  draw("chart-ratings", {
    type: "bar",
    data: {
      labels: data.ratings.labels,
      datasets: [{ label: data.ratings.name, data: data.ratings.values, backgroundColor: colours[4] }],
    },
    options: { indexAxis: "y", scales: { x: { min: 0, max: 5 } } },
  });
  var stacked = { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } };
  if (data.work) {
    draw("chart-work", {
      type: "bar",
      data: {
        labels: data.work.labels,
        datasets: series(data.work.names, [data.work.billable, data.work.other], [
          colours[1],
          colours[6],
        ]),
      },
      options: stacked,
    });
  }
  if (data.sla) {
    draw("chart-sla", {
      type: "bar",
      data: {
        labels: data.sla.labels,
        datasets: series(data.sla.names, data.sla.series, [colours[1], colours[3], "#adb5bd"]),
      },
      options: stacked,
    });
  }
})();
