#ifndef DEMO_VERSION_H
#define DEMO_VERSION_H
#define DEMO_VERSION_MAJOR 1
#  define DEMO_VERSION "1.0.8"
#endif
