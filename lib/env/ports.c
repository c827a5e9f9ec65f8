/*
 * ports.c: who listens on a TCP port of this machine, from the kernel's
 * socket tables (/proc/net/tcp and tcp6) and the processes' descriptors:
 * the `port-in-use` rule of `env check`, and `env up`'s check before it
 * asks Compose for the port.  A port a container publishes through the
 * engine's proxy is not "in use" here: the shared-port rule and the
 * engine say more about those.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/buf.h"
#include "env/env_int.h"
#include "util/banned.h"

/* The engines' own port forwarders. */
static const char *const forwarders[] = {
	"docker-proxy", "rootlesskit", "slirp4netns", "pasta", "conmon",
	"containerd-shim", "podman", NULL
};

/* `ip` (dotted IPv4, "" or 0.0.0.0 or :: for every interface) against a
 * listener's hex address from /proc/net/tcp[6] */
static int same_place(const char *ip, const char *hex, int v6)
{
	unsigned int a;
	char dotted[16];

	if (!*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") ||
	    !strcmp(ip, "[::]"))
		return 1;
	if (strspn(hex, "0") == strlen(hex))
		return 1;	/* the listener takes every interface */
	if (v6 || strlen(hex) != 8 || sscanf(hex, "%8X", &a) != 1)
		return 0;
	/* the kernel prints the address as a host-order word */
	snprintf(dotted, sizeof(dotted), "%u.%u.%u.%u", a & 0xff,
		 (a >> 8) & 0xff, (a >> 16) & 0xff, a >> 24);
	return !strcmp(ip, dotted);
}

int dande_env__listening(const char *table, int v6, const char *ip, long port,
			 unsigned long *inode)
{
	const char *line = strchr(table, '\n');	/* past the header */

	while (line && *++line) {
		char local[64];
		unsigned int lport, st;
		unsigned long ino;

		if (sscanf(line, " %*d: %63[0-9A-Fa-f]:%X %*s %X %*s %*s %*s "
			   "%*s %*s %lu", local, &lport, &st, &ino) == 4 &&
		    st == 0x0A && (long)lport == port &&
		    same_place(ip, local, v6)) {
			*inode = ino;
			return 1;
		}
		line = strchr(line, '\n');
	}
	return 0;
}

/* The process holding socket `inode`: its pid and command into `who`;
 * 0 when no process of ours shows it. */
static int holder(unsigned long inode, struct dande_buf *who, int *forwarder)
{
	char want[64], path[600], link[64], comm[64];
	struct dirent *p;
	DIR *proc = opendir("/proc");
	int found = 0;

	*forwarder = 0;
	if (!proc)
		return 0;
	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	while (!found && (p = readdir(proc))) {
		struct dirent *f;
		DIR *fds;

		if (strspn(p->d_name, "0123456789") != strlen(p->d_name))
			continue;
		/* a socket we inherited is not what holds the port */
		if (strtol(p->d_name, NULL, 10) == (long)getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name);
		if (!(fds = opendir(path)))
			continue;	/* another user's: not ours to see */
		while (!found && (f = readdir(fds))) {
			ssize_t n;

			snprintf(path, sizeof(path), "/proc/%s/fd/%s",
				 p->d_name, f->d_name);
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			found = !strcmp(link, want);
		}
		closedir(fds);
		if (found) {
			FILE *c;
			size_t i;

			snprintf(path, sizeof(path), "/proc/%s/comm",
				 p->d_name);
			comm[0] = '\0';
			if ((c = fopen(path, "r"))) {
				if (!fgets(comm, sizeof(comm), c))
					comm[0] = '\0';
				fclose(c);
			}
			comm[strcspn(comm, "\n")] = '\0';
			for (i = 0; forwarders[i]; i++)
				if (!strncmp(comm, forwarders[i],
					     strlen(forwarders[i])))
					*forwarder = 1;
			dande_buf_addf(who, "pid %s (", p->d_name);
			dande_buf_add_printable(who, comm, strlen(comm), 0);
			dande_buf_addch(who, ')');
		}
	}
	closedir(proc);
	return found;
}

void dande_env__sockets_release(struct dande_env_sockets *s)
{
	dande_buf_release(&s->table[0]);
	dande_buf_release(&s->table[1]);
	s->read = 0;
}

static void read_sockets(struct dande_env_sockets *s)
{
	static const char *const tables[] = { "/proc/net/tcp",
					      "/proc/net/tcp6" };
	size_t t;

	for (t = 0; t < 2; t++) {
		dande_buf_reset(&s->table[t]);
		s->table[t].max = (size_t)64 << 20;
		if (dande_buf_read_file(&s->table[t], tables[t]) < 0) {
			dande_error_clear();	/* no IPv6: nothing there */
			dande_buf_reset(&s->table[t]);
		}
	}
	s->read = 1;
}

enum dande_port_state dande_env__port_in_use(struct dande_env_sockets *s,
					     const char *ip, long port,
					     struct dande_buf *who)
{
	unsigned long inode = 0;
	size_t t;
	int in_use = 0, forwarder = 0;

	if (!s->read)
		read_sockets(s);
	for (t = 0; t < 2 && !in_use; t++)
		in_use = dande_env__listening(s->table[t].ptr ?
					      s->table[t].ptr : "", (int)t,
					      ip, port, &inode);
	if (!in_use)
		return DANDE_PORT_FREE;
	if (!holder(inode, who, &forwarder)) {
		dande_buf_adds(who, "a process this user cannot see");
		return DANDE_PORT_HIDDEN;
	}
	return forwarder ? DANDE_PORT_CONTAINER : DANDE_PORT_HOST;
}
