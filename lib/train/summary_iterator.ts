/**
 * `tf.train.summary_iterator(path)`: the `Event` protos of an event file, in order. A damaged or
 * truncated record raises DataLossError after the good records before it, as TF's reader stops.
 */
import { DataLossError } from '../framework/errors';
import { Event, EventCodec } from '../proto';
import { tf_record_iterator } from '../framework/tfrecord';
import { pythonFunction } from '../framework/python_signature';

/**
 * @example for (const e of tf.train.summary_iterator(file)) for (const v of e.summary?.value ?? []) console.log(e.step, v.tag, v.simple_value);
 */
export const summary_iterator = pythonFunction('summary_iterator', ['path'], 1, function* summary_iterator(path: string): Generator<Event> {
  let index = 0;
  for (const record of tf_record_iterator(path)) {
    let event: Event;
    try {
      event = EventCodec.decode(record);
    } catch (e) {
      throw new DataLossError(null, null, `${path}: record ${index} is not an Event proto (${(e as Error).message})`);
    }
    yield event;
    index++;
  }
});
