/*
 * gtfobins.c: programs that hand out a shell, or read or write any file,
 * when run through sudo or installed setuid -- known_programs[] of
 * known.h. It only names programs; it never looks at the target.
 *
 * Source: GTFOBins, https://gtfobins.github.io/ (now gtfobins.org), the
 * _gtfobins/ pages of github.com/GTFOBins/GTFOBins.github.io at commit
 * 7382261ef936e35896ba70e7a6b833352ffb9a22 (2026-04-20). Each page lists
 * functions and the contexts ("sudo", "suid", "unprivileged",
 * "capabilities") in which they work. The mapping used here:
 *   GTFO_SHELL  shell, command, reverse-shell, bind-shell, library-load,
 *               privilege-escalation (each runs code as the target user);
 *   GTFO_WRITE  file-write, download (writes a file of the caller's choice);
 *   GTFO_READ   file-read, upload (reads any file);
 *   inherit     the abilities of the page named in "from", in the contexts
 *               the inherit entry lists; "alias" pages take their target's.
 * GTFO_SUDO / GTFO_SUID: the page has a function in that context.
 * GTFO_SHELL/WRITE/READ hold in some listed context; the GTFO_SUID_* bits
 * below say which of them still hold when the program is setuid (perl,
 * strace or apt-get escape through sudo but only read files when setuid).
 * Every program listed under sudo has all its SUID abilities under sudo
 * too, except agetty, which is not listed under sudo at all; so for a
 * GTFO_SUDO row, SHELL/WRITE/READ are exactly its sudo abilities.
 * Pages listing only "unprivileged" (apport-cli, dmidecode) are left out.
 * The few rows marked in a comment are not GTFOBins pages.
 */
#include <stdlib.h>
#include <string.h>

#include "known/known.h"

/* U_: listed under sudo, with these abilities (S shell, W write, R read) */
#define U_	GTFO_SUDO
#define U_S	(GTFO_SUDO | GTFO_SHELL)
#define U_W	(GTFO_SUDO | GTFO_WRITE)
#define U_R	(GTFO_SUDO | GTFO_READ)
#define U_SW	(GTFO_SUDO | GTFO_SHELL | GTFO_WRITE)
#define U_SR	(GTFO_SUDO | GTFO_SHELL | GTFO_READ)
#define U_WR	(GTFO_SUDO | GTFO_WRITE | GTFO_READ)
#define U_SWR	(GTFO_SUDO | GTFO_SHELL | GTFO_WRITE | GTFO_READ)
/* I_: listed under SUID, with these abilities when setuid */
#define I_	GTFO_SUID
#define I_S	(GTFO_SUID | GTFO_SHELL | GTFO_SUID_SHELL)
#define I_W	(GTFO_SUID | GTFO_WRITE | GTFO_SUID_WRITE)
#define I_R	(GTFO_SUID | GTFO_READ | GTFO_SUID_READ)
#define I_SW	(I_S | I_W)
#define I_SR	(I_S | I_R)
#define I_WR	(I_W | I_R)
#define I_SWR	(I_S | I_W | I_R)

/* sorted by strcmp for bsearch (the unit test checks the order) */
const struct known_program known_programs[] = {
	{ "7z", U_R },
	{ "R", U_S | I_S },
	{ "aa-exec", U_S | I_S },
	{ "ab", U_WR | I_WR },
	{ "acr", U_S | I_S },
	{ "agetty", I_S },
	{ "alpine", U_R | I_R },
	{ "ansible-playbook", U_S },
	{ "ansible-test", U_S },
	{ "aoss", U_S },
	{ "apache2", U_R | I_R },
	{ "apache2ctl", U_R },
	{ "apt", U_SWR | I_S },			/* alias of apt-get */
	{ "apt-get", U_SWR | I_S },
	{ "aptitude", U_SWR },
	{ "ar", U_R | I_R },
	{ "arch-nspawn", U_S },
	{ "aria2c", U_SWR | I_SWR },
	{ "arj", U_WR | I_WR },
	{ "arp", U_R | I_R },
	{ "as", U_R | I_R },
	{ "ascii-xfr", U_R | I_R },
	{ "ascii85", U_R },
	{ "ash", U_SW | I_SW },
	{ "aspell", U_R | I_R },
	{ "asterisk", U_S | I_S },
	{ "at", U_S },
	{ "atobm", U_R | I_R },
	{ "autoconf", U_S },
	{ "autoheader", U_S },
	{ "autoreconf", U_S },
	{ "awk", U_SWR | I_SWR },		/* alias of mawk */
	{ "aws", U_SWR | I_R },
	{ "base32", U_R | I_R },
	{ "base58", U_R },
	{ "base64", U_R | I_R },
	{ "basenc", U_R | I_R },
	{ "basez", U_R | I_R },
	{ "bash", U_SWR | I_SWR },
	{ "bashbug", U_SWR },
	{ "batcat", U_SWR | I_SWR },
	{ "bbot", U_R },
	{ "bc", U_R | I_R },
	{ "bconsole", U_SR | I_R },
	{ "bee", U_SWR | I_SWR },
	{ "borg", U_S },
	{ "bpftrace", U_S },
	{ "bridge", U_R | I_R },
	{ "bundle", U_SWR },
	{ "bundler", U_SWR },			/* alias of bundle */
	{ "busctl", U_SWR | I_SWR },
	{ "busybox", U_SWR },
	{ "byebug", U_SWR },
	{ "bzip2", U_R | I_R },
	{ "c89", U_SWR },			/* alias of gcc */
	{ "c99", U_SWR },			/* alias of gcc */
	{ "cabal", U_S | I_S },
	{ "cancel", U_R | I_R },
	{ "capsh", U_S | I_S },
	{ "cargo", U_SWR },
	{ "cat", U_R | I_R },
	{ "cc", U_SWR },			/* alias of gcc */
	{ "cdist", U_S },
	{ "certbot", U_S },
	{ "chattr", U_S | I_S },
	{ "check_by_ssh", U_S },
	{ "check_cups", U_R },
	{ "check_log", U_WR },
	{ "check_memory", U_R },
	{ "check_raid", U_R },
	{ "check_ssl_cert", U_S },
	{ "check_statusfile", U_R },
	{ "chmod", U_S | I_S },
	{ "choom", U_S | I_S },
	{ "chown", U_S | I_S },
	{ "chroot", U_S | I_S },
	{ "chrt", U_S | I_S },
	{ "clamscan", U_R | I_R },
	{ "clisp", U_S | I_S },
	{ "cmake", U_SR },
	{ "cmp", U_R | I_R },
	{ "cobc", U_S | I_S },
	{ "code", U_SWR },
	{ "codex", U_S },
	{ "column", U_R | I_R },
	{ "comm", U_R | I_R },
	{ "composer", U_S },
	{ "cowsay", U_SWR },
	{ "cowthink", U_SWR },
	{ "cp", U_SWR | I_SWR },
	{ "cpan", U_SWR },
	{ "cpio", U_SWR | I_WR },
	{ "cpulimit", U_S | I_S },
	{ "crash", U_SWR | I_SWR },
	{ "crontab", U_SWR },
	{ "csh", U_SW | I_SW },
	{ "csplit", U_WR | I_WR },
	{ "csvtool", U_SWR | I_SWR },
	{ "ctr", U_S | I_S },
	{ "cupsfilter", U_R | I_R },
	{ "curl", U_SWR | I_SWR },
	{ "cut", U_R | I_R },
	{ "dash", U_SW | I_SW },
	{ "date", U_R | I_R },
	{ "dc", U_S | I_S },
	{ "dd", U_WR | I_WR },
	{ "debugfs", U_S | I_S },
	{ "dhclient", U_S },
	{ "dialog", U_R | I_R },
	{ "diff", U_R | I_R },
	{ "dig", U_R | I_R },
	{ "distcc", U_S | I_S },
	{ "dmesg", U_SWR | I_SWR },
	{ "dmsetup", U_S | I_S },
	{ "dnf", U_S },
	{ "dnsmasq", U_S | I_S },
	{ "doas", U_S },
	{ "docker", U_SWR | I_SWR },
	{ "dos2unix", U_WR | I_WR },
	{ "dosbox", U_WR | I_WR },
	{ "dotnet", U_SR },
	{ "dpkg", U_SWR | I_SWR },
	{ "dstat", U_SWR },
	{ "dvips", U_S | I_S },
	{ "easy_install", U_SWR },
	{ "easyrsa", U_S | I_S },
	{ "eb", U_SWR },
	{ "ed", U_SWR | I_SWR },
	{ "efax", U_R | I_R },
	{ "egrep", U_R | I_R },
	{ "elvish", U_SWR | I_SWR },
	{ "emacs", U_SWR },
	{ "enscript", U_S | I_S },
	{ "env", U_S | I_S },
	{ "eqn", U_R | I_R },
	{ "espeak", U_R | I_R },
	{ "ex", U_SWR | I_SWR },
	{ "exiftool", U_SWR },
	{ "expand", U_R | I_R },
	{ "expect", U_SR | I_SR },
	{ "facter", U_SWR },
	{ "fail2ban-client", U_S },
	{ "fastfetch", U_SR | I_SR },
	{ "ffmpeg", U_S | I_S },
	{ "fgrep", U_R | I_R },
	{ "file", U_R | I_R },
	{ "find", U_SWR | I_SWR },
	{ "finger", U_WR | I_WR },
	{ "firejail", U_S },
	{ "fish", U_S | I_S },
	{ "flock", U_S | I_S },
	{ "fmt", U_R | I_R },
	{ "fold", U_R | I_R },
	{ "forge", U_S | I_S },
	{ "fping", U_R | I_R },
	{ "ftp", U_SWR | I_SWR },
	{ "fzf", U_S | I_S },
	{ "g++", U_SWR },			/* alias of gcc */
	{ "gawk", U_SWR | I_SWR },
	{ "gcc", U_SWR },
	{ "gcloud", U_SWR | I_SWR },
	{ "gcore", U_R | I_R },
	{ "gdb", U_SWR | I_SWR },
	{ "gem", U_SWR },
	{ "genie", U_S | I_S },
	{ "genisoimage", U_R | I_R },
	{ "getent", U_S | I_S },
	{ "ghc", U_S },
	{ "ghci", U_S },
	{ "gimp", U_SWR },
	{ "ginsh", U_S | I_S },
	{ "git", U_SWR | I_SWR },
	{ "gnuplot", U_S | I_S },
	{ "go", U_SWR },
	{ "grc", U_S },
	{ "grep", U_R | I_R },
	{ "gtester", U_SW | I_SW },
	{ "guile", U_S | I_S },
	{ "gzip", U_R | I_R },
	{ "hashcat", U_W },
	{ "hd", U_R | I_R },			/* alias of hexdump */
	{ "head", U_R | I_R },
	{ "hexdump", U_R | I_R },
	{ "hg", U_S | I_S },
	{ "highlight", U_R | I_R },
	{ "hping3", U_SR | I_S },
	{ "iconv", U_WR | I_WR },
	{ "iftop", U_S | I_S },
	{ "install", U_S | I_S },
	{ "ionice", U_S | I_S },
	{ "ip", U_SR | I_SR },
	{ "iptables-save", U_W },
	{ "irb", U_SWR },
	{ "ispell", U_S | I_S },
	{ "java", U_S },
	{ "jjs", U_SWR },
	{ "joe", U_S | I_S },
	{ "join", U_R | I_R },
	{ "journalctl", U_SWR },
	{ "jq", U_R | I_R },
	{ "jrunscript", U_SWR | I_S },
	{ "jshell", U_SWR },
	{ "jtag", U_S },
	{ "julia", U_SWR | I_SWR },
	{ "knife", U_SWR },
	{ "ksh", U_SWR | I_SWR },		/* alias of bash */
	{ "ksshell", U_R | I_R },
	{ "ksu", U_S },
	{ "kubectl", U_SR | I_R },
	{ "last", U_R | I_R },
	{ "lastb", U_R | I_R },			/* alias of last */
	{ "latex", U_SWR | I_SWR },
	{ "latexmk", U_SWR },
	{ "ld.so", U_S | I_S },
	{ "ldconfig", U_S | I_S },
	{ "less", U_SWR | I_SWR },
	{ "lftp", U_S | I_S },
	{ "links", U_R | I_R },
	{ "ln", U_S },
	{ "loginctl", U_S },
	{ "logrotate", U_SWR | I_WR },
	{ "logsave", U_S | I_S },
	{ "look", U_R | I_R },
	{ "lp", U_R | I_R },
	{ "ltrace", U_SWR | I_R },
	{ "lua", U_SWR | I_SWR },
	{ "lualatex", U_SWR | I_SWR },
	{ "luatex", U_SWR | I_SWR },
	{ "lwp-download", U_WR },
	{ "lwp-request", U_R },
	{ "lxd", U_S | I_S },
	{ "m4", U_SR | I_SR },
	{ "mail", U_S | I_S },
	{ "make", U_SWR | I_SWR },
	{ "man", U_SWR | I_SWR },
	{ "mawk", U_SWR | I_SWR },
	{ "minicom", U_S | I_S },
	{ "more", U_SR | I_SR },
	{ "mosh-server", U_S },
	{ "mosquitto", U_R | I_R },
	{ "mount", U_S },
	{ "msfconsole", U_SWR },
	{ "msgattrib", U_R | I_R },
	{ "msgcat", U_R | I_R },
	{ "msgconv", U_R | I_R },
	{ "msgfilter", U_SR | I_SR },
	{ "msgmerge", U_R | I_R },
	{ "msguniq", U_R | I_R },
	{ "mtr", U_R },
	{ "multitime", U_S | I_S },
	{ "mutt", U_R },
	{ "mv", U_SW | I_SW },
	{ "mypy", U_WR },
	{ "mysql", U_S | I_S },
	{ "nano", U_SWR | I_SWR },
	{ "nasm", U_R | I_R },
	{ "nawk", U_SWR | I_SWR },		/* alias of gawk */
	{ "nc", U_SWR | I_SWR },
	{ "ncat", U_SWR | I_SWR },		/* nmap ncat: --exec */
	{ "ncdu", U_S | I_S },
	{ "ncftp", U_S | I_S },
	{ "needrestart", U_SWR },
	{ "neofetch", U_SR },
	{ "netcat", U_SWR | I_SWR },		/* Debian name of nc */
	{ "nft", U_R },
	{ "nginx", U_SWR | I_S },
	{ "nice", U_S | I_S },
	{ "nl", U_R | I_R },
	{ "nm", U_R | I_R },
	{ "nmap", U_SWR | I_SWR },
	{ "node", U_SWR | I_SWR },
	{ "nodejs", U_SWR | I_SWR },		/* Debian name of node */
	{ "nohup", U_S | I_S },
	{ "npm", U_S },
	{ "nroff", U_SR },
	{ "nsenter", U_S | I_S },
	{ "ntpdate", U_R | I_R },
	{ "nvim", U_SWR | I_SWR },		/* alias of vim */
	{ "octave", U_SWR | I_SWR },
	{ "od", U_R | I_R },
	{ "opencode", U_SWR | I_S },
	{ "openssl", U_SWR | I_SWR },
	{ "openvpn", U_SR | I_SR },
	{ "openvt", U_S },
	{ "opkg", U_S },
	{ "pandoc", U_SWR | I_SWR },
	{ "passwd", U_S },
	{ "paste", U_R | I_R },
	{ "pax", U_R | I_R },
	{ "pdb", U_SWR },
	{ "pdflatex", U_SWR | I_SWR },
	{ "pdftex", U_S | I_S },
	{ "perf", U_S | I_S },
	{ "perl", U_SWR | I_R },
	{ "perlbug", U_S },
	{ "pexec", U_S | I_S },
	{ "pg", U_SR | I_SR },
	{ "php", U_SWR | I_SWR },
	{ "pic", U_SR | I_SR },
	{ "pico", U_SWR | I_SWR },		/* alias of nano */
	{ "pidstat", U_S | I_S },
	{ "pip", U_SWR },
	{ "pipx", U_SWR },
	{ "pkexec", U_S },
	{ "pkg", U_S },
	{ "plymouth", U_S | I_S },
	{ "podman", U_S },
	{ "poetry", U_SWR },
	{ "posh", U_S },
	{ "pr", U_R | I_R },
	{ "procmail", U_S },
	{ "pry", U_SWR },
	{ "psftp", U_S | I_S },
	{ "psql", U_SWR | I_SWR },
	{ "ptx", U_R | I_R },
	{ "puppet", U_SWR },
	{ "pwsh", U_SW },
	{ "pygmentize", U_R },
	{ "pyright", U_R },
	{ "python", U_SWR | I_SWR },
	{ "qpdf", U_R | I_R },
	{ "rake", U_SWR },
	{ "ranger", U_S },
	{ "rc", U_S | I_S },
	{ "readelf", U_R | I_R },
	{ "red", U_SWR | I_SWR },		/* alias of ed */
	{ "redcarpet", U_R },
	{ "redis", U_W | I_W },
	{ "restic", U_SR | I_SR },
	{ "rev", U_R | I_R },
	{ "rlogin", U_R | I_R },
	{ "rlwrap", U_SW | I_SW },
	{ "rpm", U_SWR | I_SWR },
	{ "rpmdb", U_SWR | I_SWR },
	{ "rpmquery", U_SWR | I_SWR },
	{ "rpmverify", U_SWR | I_SWR },
	{ "rsync", U_S | I_S },
	{ "rsyslogd", U_S },
	{ "rtorrent", U_S | I_S },
	{ "ruby", U_SWR },
	{ "run-mailcap", U_SWR },
	{ "run-parts", U_S | I_S },
	{ "runscript", U_S | I_S },
	{ "rustc", U_SWR },
	{ "rustdoc", U_WR },
	{ "rustfmt", U_R },
	{ "rustup", U_S },
	{ "rview", U_SWR | I_SWR },		/* alias of view */
	{ "rvim", U_SWR | I_SWR },		/* alias of vim */
	{ "sash", U_S | I_S },
	{ "scanmem", U_S | I_S },
	{ "scp", U_SWR | I_SWR },
	{ "screen", U_SW },
	{ "script", U_SW | I_SW },
	{ "scrot", U_S | I_S },
	{ "sed", U_SWR | I_SWR },
	{ "service", U_S },
	{ "setarch", U_S | I_S },
	{ "setcap", U_S | I_S },
	{ "setfacl", U_S | I_S },
	{ "setlock", U_S | I_S },
	{ "sftp", U_SWR | I_SWR },
	{ "sg", U_S },
	{ "sh", U_S | I_S },			/* a shell by definition */
	{ "shred", U_W | I_W },
	{ "shuf", U_WR | I_WR },
	{ "slsh", U_S | I_S },
	{ "smbclient", U_SWR },
	{ "snap", U_S },
	{ "socat", U_SWR | I_SWR },
	{ "socket", U_S | I_S },
	{ "soelim", U_R | I_R },
	{ "softlimit", U_S | I_S },
	{ "sort", U_WR | I_WR },
	{ "split", U_SWR | I_SWR },
	{ "sqlite3", U_SWR | I_SWR },
	{ "sqlmap", U_SWR },
	{ "ss", U_R | I_R },
	{ "ssh", U_SWR | I_SWR },
	{ "ssh-agent", U_S | I_S },
	{ "ssh-copy-id", U_WR },
	{ "ssh-keygen", U_S | I_S },
	{ "ssh-keyscan", U_R | I_R },
	{ "sshfs", U_S },
	{ "sshpass", U_S | I_S },
	{ "sshuttle", U_S },
	{ "start-stop-daemon", U_S | I_S },
	{ "stdbuf", U_S | I_S },
	{ "strace", U_SW | I_S },
	{ "strings", U_R | I_R },
	{ "su", U_S },
	{ "sudo", U_S },
	{ "sudoedit", U_WR },			/* sudoers(5) */
	{ "sysctl", U_SR | I_SR },
	{ "systemctl", U_SWR | I_SWR },
	{ "systemd-resolve", U_SWR },
	{ "systemd-run", U_S },
	{ "tac", U_R | I_R },
	{ "tail", U_R | I_R },
	{ "tailscale", U_R },
	{ "tar", U_SWR | I_SWR },
	{ "task", U_S | I_S },
	{ "taskset", U_S },
	{ "tasksh", U_S | I_S },
	{ "tbl", U_R | I_R },
	{ "tclsh", U_S | I_S },
	{ "tcpdump", U_SW | I_W },
	{ "tcsh", U_SW | I_SW },
	{ "tdbtool", U_S | I_S },
	{ "tee", U_W | I_W },
	{ "telnet", U_S | I_S },
	{ "terraform", U_R | I_R },
	{ "tex", U_S | I_S },
	{ "tftp", U_WR | I_WR },
	{ "tic", U_R | I_R },
	{ "time", U_S | I_S },
	{ "timedatectl", U_SWR },
	{ "timeout", U_S | I_S },
	{ "tmate", U_S | I_S },
	{ "tmux", U_SR | I_SR },
	{ "top", U_S },
	{ "torify", U_S },
	{ "torsocks", U_S },
	{ "troff", U_R | I_R },
	{ "tsc", U_WR },
	{ "tshark", U_SWR },
	{ "ul", U_R | I_R },
	{ "unexpand", U_R | I_R },
	{ "uniq", U_R | I_R },
	{ "unshare", U_S | I_S },
	{ "unsquashfs", U_S | I_S },
	{ "unzip", U_S | I_S },
	{ "update-alternatives", U_W | I_W },
	{ "urlget", U_R | I_R },
	{ "uuencode", U_R | I_R },
	{ "uv", U_S },
	{ "vagrant", U_SWR },
	{ "valgrind", U_S },
	{ "varnishncsa", U_W | I_W },
	{ "vi", U_SWR | I_SWR },
	{ "view", U_SWR | I_SWR },		/* alias of vim */
	{ "vigr", U_SWR | I_SWR },
	{ "vim", U_SWR | I_SWR },
	{ "vimdiff", U_SWR | I_SWR },		/* alias of vim */
	{ "vipw", U_SWR | I_SWR },
	{ "virsh", U_SW },
	{ "volatility", U_SWR | I_SWR },
	{ "w3m", U_R | I_R },
	{ "wall", U_R },
	{ "watch", U_S | I_S },
	{ "wc", U_R | I_R },
	{ "wg-quick", U_S },
	{ "wget", U_SWR | I_SWR },
	{ "whiptail", U_R | I_R },
	{ "whois", U_WR | I_WR },
	{ "wireshark", U_SWR },
	{ "wish", U_S | I_S },
	{ "xargs", U_SR | I_SR },
	{ "xdg-user-dir", U_S },
	{ "xdotool", U_S | I_S },
	{ "xelatex", U_SWR | I_SWR },		/* alias of latex */
	{ "xetex", U_S | I_S },			/* alias of tex */
	{ "xmodmap", U_R | I_R },
	{ "xmore", U_R | I_R },
	{ "xpad", U_R | I_R },
	{ "xxd", U_WR | I_WR },
	{ "xz", U_R | I_R },
	{ "yarn", U_S },
	{ "yash", U_S | I_S },
	{ "yelp", U_R },
	{ "yt-dlp", U_S },
	{ "yum", U_SWR },
	{ "zathura", U_S },
	{ "zcat", U_R },
	{ "zgrep", U_R },
	{ "zic", U_S | I_S },
	{ "zip", U_SR | I_SR },
	{ "zless", U_SWR | I_SWR },
	{ "zsh", U_SWR | I_SWR },
	{ "zsoelim", U_R | I_R },
	{ "zypper", U_S },
	{ NULL, 0 },
};

/*
 * Interpreters, compilers and editors that distributions install under
 * versioned or flavoured names (python3.11, perl5.36.0, lua5.4, php8.2,
 * gcc-12, ksh93, vim.basic, nc.openbsd, emacs-nox, easy_install-3.8,
 * python3.11-dbg). Only these families are matched by stripping a
 * suffix, so an unrelated name ending in digits (md5, as86) never
 * borrows a listed program's row.
 */
static const char *const gtfo_families[] = {
	"R", "bash", "busybox", "bundle", "cargo", "cc", "cpan", "csh",
	"dash", "easy_install", "ed", "emacs", "ex", "g++", "gawk", "gcc",
	"gdb", "gem", "ghc", "ghci", "guile", "irb", "java", "jjs",
	"jrunscript", "jshell", "julia", "ksh", "lua", "luatex", "mawk",
	"nc", "node", "nodejs", "npm", "nvim", "octave", "pdb", "perl",
	"perlbug", "php", "pip", "pipx", "pwsh", "python", "rake", "ruby",
	"rustc", "tclsh", "tcsh", "vi", "view", "vim", "wish", "zsh",
	NULL
};

static int
gtfo_cmp(const void *a, const void *b)
{
	const char *key = a;
	const struct known_program *p = b;

	return strcmp(key, p->name);
}

static size_t
gtfo_count(void)
{
	static size_t n;

	if (n == 0) {
		while (known_programs[n].name != NULL)
			n++;
	}
	return n;
}

static const struct known_program *
gtfo_exact(const char *name)
{
	return bsearch(name, known_programs, gtfo_count(),
	    sizeof known_programs[0], gtfo_cmp);
}

static int
gtfo_is_family(const char *name)
{
	size_t i;

	for (i = 0; gtfo_families[i] != NULL; i++) {
		if (strcmp(gtfo_families[i], name) == 0)
			return 1;
	}
	return 0;
}

/* Drop one suffix from stem, in place: a run of digits and dots with the
 * '-' or '_' before it ("3.11", "-12"); else one or two ABI letters after
 * a digit (the "m" of python3.7m); else a "-word" or ".word" flavour
 * ("-dbg", ".basic"). 0 if nothing was cut. */
static int
gtfo_strip(char *stem)
{
	size_t n = strlen(stem), i = n;

	while (i > 0 && ((stem[i - 1] >= '0' && stem[i - 1] <= '9') ||
	    stem[i - 1] == '.'))
		i--;
	if (i < n && i > 0) {
		if (stem[i - 1] == '-' || stem[i - 1] == '_')
			i--;
		if (i == 0)
			return 0;
		stem[i] = '\0';
		return 1;
	}
	/* python3.7m, python3.7dm: ABI letters after a version */
	i = n;
	while (i > 0 && stem[i - 1] >= 'a' && stem[i - 1] <= 'z')
		i--;
	if (i > 0 && i < n && n - i <= 2 && stem[i - 1] >= '0' &&
	    stem[i - 1] <= '9') {
		stem[i] = '\0';
		return 1;
	}
	i = n;
	while (i > 0 && stem[i - 1] != '-' && stem[i - 1] != '.')
		i--;
	if (i <= 1 || i == n)
		return 0;
	stem[i - 1] = '\0';
	return 1;
}

/* The row for a program's base name; see known.h. */
const struct known_program *
known_program_find(const char *basename)
{
	const struct known_program *p;
	char stem[64];
	int i;

	if (basename == NULL || *basename == '\0')
		return NULL;
	if ((p = gtfo_exact(basename)) != NULL)
		return p;
	if (strlen(basename) >= sizeof stem)
		return NULL;
	/* the dynamic loader under its real names: GTFOBins "ld.so" */
	if (strncmp(basename, "ld-linux", 8) == 0 ||
	    strncmp(basename, "ld-musl-", 8) == 0)
		return strstr(basename, ".so") ? gtfo_exact("ld.so") : NULL;
	memcpy(stem, basename, strlen(basename) + 1);
	for (i = 0; i < 3 && gtfo_strip(stem); i++) {
		if (gtfo_is_family(stem) && (p = gtfo_exact(stem)) != NULL)
			return p;
	}
	return NULL;
}
