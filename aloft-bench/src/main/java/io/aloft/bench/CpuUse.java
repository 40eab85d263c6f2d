package io.aloft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM (and any other JVM named), by its JIT compiler threads and by one embedded PostgreSQL server
 * (postmaster and its children), read from Linux's {@code /proc}. On a machine shared with other
 * builds a rate says little on its own, but CPU seconds per payment barely depend on the load, and
 * they show where settlement's time goes. Empty where {@code /proc} is not readable.
 *
 * <p>Known limit: the compiler and GC shares count only threads alive at both samples (the JVM
 * starts and stops C2 and some GC threads on demand), so they are lower bounds.
 */
record CpuUse(double jvmSeconds, double jvmKernelSeconds, double compilerSeconds, double gcSeconds,
    double postgresSeconds) {
  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux we run on. */
  private static final double TICKS = 100.0;

  /**
   * This JVM's CPU plus that of {@code otherJvms} (whole processes: their compiler and GC threads
   * are in their JVM total, not in the compiler and GC shares).
   */
  static Optional<CpuUse> sample(Path postgresData, long... otherJvms) {
    try {
      long postmaster = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
      double postgres = 0;
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        for (Path process : (Iterable<Path>) processes::iterator) {
          String name = process.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          Optional<String[]> stat = stat(process);
          if (stat.isPresent() && (Long.parseLong(name) == postmaster || Long.parseLong(stat.get()[1]) == postmaster)) {
            postgres += seconds(stat.get());
          }
        }
      }
      double compiler = 0;
      double gc = 0;
      try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
        for (Path thread : (Iterable<Path>) threads::iterator) {
          Optional<String[]> stat = stat(thread);
          String comm = comm(thread);
          if (stat.isPresent() && isCompiler(comm)) {
            compiler += seconds(stat.get());
          } else if (stat.isPresent() && isCollector(comm)) {
            gc += seconds(stat.get());
          }
        }
      }
      String[] self = stat(Path.of("/proc/self")).orElseThrow();
      double jvm = seconds(self);
      double kernel = kernelSeconds(self);
      for (long pid : otherJvms) {
        String[] other = stat(Path.of("/proc/" + pid)).orElseThrow();
        jvm += seconds(other);
        kernel += kernelSeconds(other);
      }
      return Optional.of(new CpuUse(jvm, kernel, compiler, gc, postgres));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A thread's name as the kernel keeps it (15 characters at most); empty if it ended meanwhile. */
  private static String comm(Path thread) {
    try {
      return Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean isCompiler(String comm) {
    return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
  }

  /** G1's and Parallel's collector threads ("GC Thread#0", "G1 Refine#0", "G1 Conc#0", ...). */
  private static boolean isCollector(String comm) {
    return comm.startsWith("GC Thread") || comm.startsWith("G1 ");
  }

  /** The fields after the command name of {@code /proc/<pid>/stat} (state is [0], ppid [1]). */
  private static Optional<String[]> stat(Path process) {
    try {
      String line = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
      return Optional.of(line.substring(line.lastIndexOf(')') + 2).split(" "));
    } catch (IOException e) {
      return Optional.empty(); // the process or thread ended meanwhile
    }
  }

  /** utime + stime ([11] and [12] after the command name). */
  private static double seconds(String[] stat) {
    return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / TICKS;
  }

  /** stime alone: the kernel's share, mostly socket I/O to PostgreSQL and thread hand-offs. */
  private static double kernelSeconds(String[] stat) {
    return Long.parseLong(stat[12]) / TICKS;
  }

  CpuUse minus(CpuUse before) {
    return new CpuUse(jvmSeconds - before.jvmSeconds, jvmKernelSeconds - before.jvmKernelSeconds,
        compilerSeconds - before.compilerSeconds, gcSeconds - before.gcSeconds,
        postgresSeconds - before.postgresSeconds);
  }

  /** "JVM 128 µs (kernel 9, JIT compiler 28, GC 6), PostgreSQL 27 µs" per payment. */
  String perPayment(int payments) {
    return String.format("JVM %.0f µs (kernel %.0f, JIT compiler %.0f, GC %.0f), PostgreSQL %.0f µs",
        jvmSeconds * 1e6 / payments, jvmKernelSeconds * 1e6 / payments, compilerSeconds * 1e6 / payments,
        gcSeconds * 1e6 / payments, postgresSeconds * 1e6 / payments);
  }
}
