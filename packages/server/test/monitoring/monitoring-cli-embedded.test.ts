// The monitoring CLI through the real binary on the embedded store (cli-suite.ts).
import { monitoringCliSuite } from './cli-suite.ts';

monitoringCliSuite('embedded');
