"""Robot side of the `cloud` profile: expose the robot's ROS 2 graph to the brain over rosbridge.

Run on the robot (ROS 2 Humble/Jazzy with rosbridge_suite and Nav2 installed and sourced):

    ros2 launch launch/ros/ward_robot_bridge.launch.py robot_name:=robot_1 port:=9090

The brain then connects with `npm run brain -- --rosbridge ws://<robot-address>:9090`. It discovers the
robot from `/<robot_name>/status` (ward_interfaces/msg/RobotStatus) and sends goals to
`/<robot_name>/navigate_to_place` (ward_interfaces/action/NavigateToPlace); Nav2 must run in the same
namespace so that `/<robot_name>/navigate_to_pose` exists. Build `robot/ward_interfaces` into the robot's
workspace first (`colcon build --packages-select ward_interfaces`), or rosbridge cannot resolve the types.
"""
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node


def generate_launch_description():
    port = LaunchConfiguration('port')
    address = LaunchConfiguration('address')
    return LaunchDescription([
        DeclareLaunchArgument('robot_name', default_value='robot_1',
                              description='namespace the robot lives in (/robot_1/...)'),
        DeclareLaunchArgument('port', default_value='9090', description='rosbridge WebSocket port'),
        DeclareLaunchArgument('address', default_value='',
                              description='address rosbridge listens on ("" = all interfaces)'),
        Node(
            package='rosbridge_server',
            executable='rosbridge_websocket',
            name='rosbridge_websocket',
            parameters=[{'port': port, 'address': address}],
            output='screen',
        ),
        # rosapi answers rosapi/topics, rosapi/action_servers ...: the brain discovers robots with it.
        Node(package='rosapi', executable='rosapi_node', name='rosapi', output='screen'),
    ])
