/* xlate_show.h — one xlate as show xlate / show local-host print it. */
#ifndef PIXIE_NAT_XLATE_SHOW_H
#define PIXIE_NAT_XLATE_SHOW_H

struct cli;
struct xlate;
struct nr_static;

/* "PAT Global 172.16.1.1(1024) Local 10.4.4.20(3372)" */
void fw_xlate_brief(struct cli *cli, const struct xlate *x, const char *indent);
/* "Global 172.16.1.10 Local 10.4.4.10" */
void fw_static_brief(struct cli *cli, const struct nr_static *s, const char *indent);

#endif
