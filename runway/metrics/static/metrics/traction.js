// Draws the traction charts from the JSON the page embeds (json_script): data and labels.
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function draw() {
    var data = read("traction-data");
    var t = read("traction-labels");
    if (!data || !t || !window.echarts || data.months.length === 0) { return; }
    var base = { tooltip: { trigger: "axis" }, legend: {}, grid: { left: 70, right: 70 },
                 xAxis: { type: "category", data: data.months } };
    function chart(id, option) {
      var node = document.getElementById(id);
      if (!node) { return; }
      var instance = window.echarts.init(node);
      instance.setOption(Object.assign({}, base, option));
      window.addEventListener("resize", function () { instance.resize(); });
    }
    // GMV is one bar series per verification level (null in other months): the legend names
    // the source of every bar, in the colours of the table's badges (metrics.css).
    var levelColours = { self_reported: "#e0a030", imported: "#3a7bd5", connected: "#2e9e5b" };
    var revenue = data.levels.map(function (level) {
      return { name: t.levels[level], type: "bar", stack: "gmv", data: data.gmv_by_level[level],
               itemStyle: { color: levelColours[level] } };
    });
    revenue.push({ name: t.net_revenue, type: "line", data: data.net_revenue,
                   itemStyle: { color: "#444" } });
    chart("chart-revenue", { yAxis: { type: "value" }, series: revenue });
    chart("chart-buyers", {
      yAxis: { type: "value" },
      series: [
        { name: t.new_buyers, type: "bar", stack: "buyers", data: data.new_buyers },
        { name: t.returning_buyers, type: "bar", stack: "buyers", data: data.returning_buyers },
      ],
    });
    chart("chart-aov", {
      yAxis: [{ type: "value", name: t.aov }, { type: "value", name: t.refund_rate,
               axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + "%"; } } }],
      series: [
        { name: t.aov, type: "line", data: data.aov },
        { name: t.refund_rate, type: "line", yAxisIndex: 1, data: data.refund_rate },
      ],
    });
    if (data.cohorts.length) {
      // Month 0 is always 100%: scale the colours to the later months, where retention shows.
      var top = 0;
      data.cohort_cells.forEach(function (c) { if (c[0] > 0 && c[2] > top) { top = c[2]; } });
      var since = [];
      for (var i = 0; i < data.cohort_width; i++) { since.push(String(i)); }
      chart("chart-cohorts", {
        tooltip: { position: "top", formatter: function (p) {
          return data.cohorts[p.value[1]] + " +" + p.value[0] + ": " + (p.value[2] * 100).toFixed(1) + "%";
        } },
        legend: null,
        grid: { left: 80, right: 30, bottom: 80 },
        xAxis: { type: "category", data: since, name: t.months_since },
        yAxis: { type: "category", data: data.cohorts, name: t.cohort },
        visualMap: { min: 0, max: top || 1, calculable: true, orient: "horizontal", left: "center",
                     bottom: 0, text: [t.retention, ""] },
        series: [{ name: t.retention, type: "heatmap", data: data.cohort_cells }],
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); }
  else { draw(); }
})();
