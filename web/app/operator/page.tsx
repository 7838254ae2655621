import { FleetView } from "@/features/operator/components/fleet-view";

export default function OperatorPage() {
  return (
    <>
      <h1>Operator</h1>
      <p className="muted">Worker processes, their WebGPU adapters and heartbeats, and the job queues.</p>
      <FleetView />
    </>
  );
}
