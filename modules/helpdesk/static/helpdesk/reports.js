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
  draw("chart-volume", {
    type: "bar",
    data: {
      labels: data.volume.labels,
      datasets: [
        { label: data.volume.names[0], data: data.volume.raised, backgroundColor: colours[0] },
        { label: data.volume.names[1], data: data.volume.resolved, backgroundColor: colours[1] },
      ],
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
})();
