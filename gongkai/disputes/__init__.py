"""行政复议 and 行政诉讼 arising from disclosure work: the register behind Table 四."""
