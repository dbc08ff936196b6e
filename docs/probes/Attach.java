import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a JVMTI agent (async-profiler) into a running JVM through the JDK's attach API:
 * {@code java docs/probes/Attach.java <pid> <agent .so> <agent options>}.
 */
public class Attach {

	public static void main(String[] args) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		try {
			vm.loadAgentPath(args[1], args[2]);
		}
		finally {
			vm.detach();
		}
	}

}
