/**
 * The `tf.nn.rnn_cell` namespace (also `tf.contrib.rnn`): the cells of rnn_cell.ts behind their TF 1.15
 * Python signatures, constructed with or without `new`. Re-exports only.
 */
import type { Tensor } from '../framework/graph';
import { pythonClass } from '../framework/python_signature';
import * as cells from './rnn_cell';

export { RNNCell } from './rnn_cell';
export type { CellState, StateSize, CellOptions, LSTMOptions, DropoutWrapperOptions } from './rnn_cell';

export const LSTMStateTuple = pythonClass('LSTMStateTuple', ['c', 'h'], 2, cells.LSTMStateTuple);
export type LSTMStateTuple<T = Tensor> = cells.LSTMStateTuple<T>;
export const BasicRNNCell = pythonClass('BasicRNNCell', ['num_units', 'activation=None', 'reuse=None', 'name=None', 'dtype=None'], 1, cells.BasicRNNCell);
export type BasicRNNCell = cells.BasicRNNCell;
export const GRUCell = pythonClass('GRUCell', ['num_units', 'activation=None', 'reuse=None', 'kernel_initializer=None', 'bias_initializer=None', 'name=None', 'dtype=None'], 1, cells.GRUCell);
export type GRUCell = cells.GRUCell;
export const BasicLSTMCell = pythonClass('BasicLSTMCell', ['num_units', 'forget_bias=1.0', 'state_is_tuple=True', 'activation=None', 'reuse=None', 'name=None', 'dtype=None'], 1, cells.BasicLSTMCell);
export type BasicLSTMCell = cells.BasicLSTMCell;
export const LSTMCell = pythonClass('LSTMCell', [
  'num_units', 'use_peepholes=False', 'cell_clip=None', 'initializer=None', 'num_proj=None', 'proj_clip=None', 'num_unit_shards=None',
  'num_proj_shards=None', 'forget_bias=1.0',
  'state_is_tuple=True', 'activation=None', 'reuse=None', 'name=None', 'dtype=None',
], 1, cells.LSTMCell);
export type LSTMCell = cells.LSTMCell;
export const MultiRNNCell = pythonClass('MultiRNNCell', ['cells', 'state_is_tuple=True'], 1, cells.MultiRNNCell);
export type MultiRNNCell = cells.MultiRNNCell;
export const DropoutWrapper = pythonClass('DropoutWrapper', [
  'cell', 'input_keep_prob=1.0', 'output_keep_prob=1.0', 'state_keep_prob=1.0', 'variational_recurrent=False', 'input_size=None',
  'dtype=None', 'seed=None', 'dropout_state_filter_visitor=None',
], 1, cells.DropoutWrapper);
export type DropoutWrapper = cells.DropoutWrapper;
export const ResidualWrapper = pythonClass('ResidualWrapper', ['cell', 'residual_fn=None'], 2, cells.ResidualWrapper);
export type ResidualWrapper = cells.ResidualWrapper;
