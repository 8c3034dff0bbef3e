// Actual vs expected completion line chart (data from the json_script block; no inline code for CSP).
(function () {
  var el = document.getElementById("trend-chart");
  var raw = document.getElementById("trend-data");
  if (!el || !raw || !window.echarts) { return; }
  var data = JSON.parse(JSON.parse(raw.textContent));
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["实际完成率", "序时进度"] },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: [
      { name: "实际完成率", type: "line", data: data.actual, connectNulls: false },
      { name: "序时进度", type: "line", data: data.expected, lineStyle: { type: "dashed" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
