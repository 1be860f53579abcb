// Draws the government dashboard's charts from the JSON the page embeds (json_script).
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("programs-chart");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    var t = data.text;
    function bars(id, labels, series) {
      var target = document.getElementById(id);
      if (!target || labels.length === 0) { return; }
      var chart = window.echarts.init(target);
      chart.setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { left: 110, right: 30 },
        xAxis: { type: "value" }, yAxis: { type: "category", data: labels, inverse: true },
        series: series,
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    bars("chart-budget", data.programs.labels, [
      { name: t.committed, type: "bar", stack: "budget", data: data.programs.committed },
      { name: t.left, type: "bar", stack: "budget", data: data.programs.left },
    ]);
    [["chart-sectors", data.sectors], ["chart-districts", data.districts]].forEach(function (pair) {
      bars(pair[0], pair[1].labels, [
        { name: t.demand, type: "bar", data: pair[1].demand },
        { name: t.covered, type: "bar", data: pair[1].covered },
      ]);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
