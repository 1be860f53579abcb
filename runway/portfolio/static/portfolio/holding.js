// Draws a holding's monthly net revenue from the JSON the page embeds (json_script).
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function draw() {
    var data = read("holding-chart-data");
    var t = read("holding-chart-labels");
    var node = document.getElementById("chart-net-revenue");
    if (!data || !t || !node || !window.echarts || data.months.length === 0) { return; }
    var chart = window.echarts.init(node);
    // A partial month (the one still running) is drawn paler, so a low bar is not read as a fall.
    var bars = data.net_revenue.map(function (value, i) {
      return data.partial[i] ? { value: value, itemStyle: { opacity: 0.4 } } : value;
    });
    chart.setOption({
      tooltip: { trigger: "axis", formatter: function (params) {
        var p = params[0];
        var note = data.partial[p.dataIndex] ? " (" + t.partial + ")" : "";
        return p.name + note + "<br>" + t.net_revenue + ": " + Number(p.value).toLocaleString() + " " + data.currency;
      } },
      grid: { left: 80, right: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: data.currency },
      series: [{ name: t.net_revenue, type: "bar", data: bars, itemStyle: { color: "#3a7bd5" } }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); }
  else { draw(); }
})();
