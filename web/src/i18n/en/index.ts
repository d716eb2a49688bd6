import { compose } from '../compose'
import * as features from './features'

export default compose(features)
